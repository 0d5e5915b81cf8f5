package org.msgstore.ra;

import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.ConnectionEventListener;
import jakarta.resource.spi.ManagedConnection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The pool's listeners on one managed connection, and the events the connection sends them. No lock
 * is held while an event fires: IronJacamar calls back into the pool from it (JBJCA-1536).
 */
final class ConnectionEvents {
  private final ManagedConnection source;
  private final List<ConnectionEventListener> listeners = new CopyOnWriteArrayList<>();

  ConnectionEvents(ManagedConnection source) {
    this.source = source;
  }

  void add(ConnectionEventListener listener) {
    if (listener != null) {
      listeners.add(listener);
    }
  }

  void remove(ConnectionEventListener listener) {
    listeners.remove(listener);
  }

  /** A handle was closed by its user: the pool may take the connection back. */
  void closed(ConnectionHandle handle) {
    ConnectionEvent event = new ConnectionEvent(source, ConnectionEvent.CONNECTION_CLOSED);
    event.setConnectionHandle(handle);
    listeners.forEach(l -> l.connectionClosed(event));
  }

  /** The physical connection broke: the pool destroys it. {@code handle} may be null. */
  void errorOccurred(Exception failure, ConnectionHandle handle) {
    ConnectionEvent event =
        new ConnectionEvent(source, ConnectionEvent.CONNECTION_ERROR_OCCURRED, failure);
    if (handle != null) {
      event.setConnectionHandle(handle);
    }
    listeners.forEach(l -> l.connectionErrorOccurred(event));
  }

  /** A local transaction started, committed or rolled back ({@link ConnectionEvent} types). */
  void localTransaction(int type) {
    ConnectionEvent event = new ConnectionEvent(source, type);
    for (ConnectionEventListener listener : listeners) {
      switch (type) {
        case ConnectionEvent.LOCAL_TRANSACTION_STARTED -> listener.localTransactionStarted(event);
        case ConnectionEvent.LOCAL_TRANSACTION_COMMITTED ->
            listener.localTransactionCommitted(event);
        case ConnectionEvent.LOCAL_TRANSACTION_ROLLEDBACK ->
            listener.localTransactionRolledback(event);
        default -> throw new IllegalArgumentException("not a local transaction event: " + type);
      }
    }
  }
}
