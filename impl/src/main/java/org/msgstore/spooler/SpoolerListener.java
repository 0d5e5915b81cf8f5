package org.msgstore.spooler;

/** Receives spooler events on the spooler's thread: return quickly and never throw. */
@FunctionalInterface
public interface SpoolerListener {
  void onEvent(SpoolerEvent event);
}
