package org.msgstore.store;

/** Told when the outgoing queue changed; the spooler uses this to wake up at once. */
@FunctionalInterface
public interface QueueListener {
  /** Called after commit, on the committing thread: return quickly. */
  void queueChanged(QueueEvent event);
}
