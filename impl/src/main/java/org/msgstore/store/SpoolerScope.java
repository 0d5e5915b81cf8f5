package org.msgstore.store;

import java.time.Duration;
import org.msgstore.EntryId;
import org.msgstore.MapiError;
import org.msgstore.MapiException;
import org.msgstore.inflow.NewMailEvent;

/**
 * What every spooler-side part of the store shares: the store, the connection its work runs on, the
 * owner its leases are named after and how long a lease lasts. Notifications go out only once the
 * work they describe committed.
 */
record SpoolerScope(MessageStore store, StoreConnection connection, String owner, Duration lease) {

  long nowUs() {
    return MessageStore.micros(store.clock().instant());
  }

  /** When a lease taken at {@code nowUs} lapses. */
  long leaseUntil(long nowUs) {
    return nowUs + lease.toNanos() / 1_000;
  }

  void queueChangedAfterCommit(QueueEvent.Kind kind, EntryId entryId, String mailbox) {
    UnitOfWork.afterCommit(
        connection, () -> store.events().queueChanged(new QueueEvent(kind, entryId, mailbox)));
  }

  void newMailAfterCommit(NewMailEvent event) {
    UnitOfWork.afterCommit(connection, () -> store.events().newMail(event));
  }

  /** The refusal of work on a message this spooler no longer holds (R33: its lease lapsed). */
  MapiException notHeld(EntryId entryId) {
    return new MapiException(
        MapiError.MAPI_E_NOT_IN_QUEUE,
        "spooler '"
            + owner
            + "' does not hold message "
            + entryId
            + " (not queued, or its lease lapsed)");
  }
}
