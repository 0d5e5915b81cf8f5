package org.msgstore.spooler;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.msgstore.EntryId;

/** Where the spooler's events go: to every listener, and a failing listener never stops it. */
final class SpoolerListeners implements MessageDelivery.Events {
  private static final Logger LOG = Logger.getLogger(SpoolerListeners.class.getName());

  private final List<SpoolerListener> listeners = new CopyOnWriteArrayList<>();

  void add(SpoolerListener listener) {
    listeners.add(listener);
  }

  @Override
  public void emit(SpoolerEvent.Kind kind, EntryId id, String detail) {
    SpoolerEvent event = new SpoolerEvent(kind, id, detail);
    for (SpoolerListener l : listeners) {
      try {
        l.onEvent(event);
      } catch (RuntimeException e) {
        LOG.log(Level.FINE, "spooler listener failed", e);
      }
    }
  }
}
