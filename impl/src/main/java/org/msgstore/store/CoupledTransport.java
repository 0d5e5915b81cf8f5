package org.msgstore.store;

/**
 * A transport tightly coupled to this store (the built-in local-mailbox transport): it delivers
 * inside {@code submit()}, in the submit's own transaction, to the recipients it handles. What it
 * cannot handle is queued for the spooler (R74–R76).
 */
public interface CoupledTransport {
  /** Whether this transport delivers to that recipient inside submit(). */
  boolean handles(String addressType, String address);

  /** Delivers to the offered recipients through {@code delivery}. */
  void deliver(CoupledDelivery delivery);
}
