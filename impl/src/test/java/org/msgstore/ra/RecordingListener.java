package org.msgstore.ra;

import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.ConnectionEventListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** Records every connection event, and can run a check while the event is being delivered. */
final class RecordingListener implements ConnectionEventListener {
  final List<ConnectionEvent> events = new CopyOnWriteArrayList<>();
  private final Consumer<ConnectionEvent> onEvent;

  RecordingListener() {
    this(e -> {});
  }

  RecordingListener(Consumer<ConnectionEvent> onEvent) {
    this.onEvent = onEvent;
  }

  List<ConnectionEvent> ofType(int type) {
    return events.stream().filter(e -> e.getId() == type).toList();
  }

  private void record(ConnectionEvent event) {
    events.add(event);
    onEvent.accept(event);
  }

  @Override
  public void connectionClosed(ConnectionEvent event) {
    record(event);
  }

  @Override
  public void localTransactionStarted(ConnectionEvent event) {
    record(event);
  }

  @Override
  public void localTransactionCommitted(ConnectionEvent event) {
    record(event);
  }

  @Override
  public void localTransactionRolledback(ConnectionEvent event) {
    record(event);
  }

  @Override
  public void connectionErrorOccurred(ConnectionEvent event) {
    record(event);
  }
}
