package org.msgstore.store;

import java.sql.Connection;
import java.sql.SQLException;
import org.msgstore.EntryId;
import org.msgstore.store.jdbc.MessageRow;
import org.msgstore.store.jdbc.QueueEntry;

/**
 * A message row found by entry id, with its outgoing-queue row ({@code queue} is null when the
 * message is not queued). Read without decoding the message's properties, so that a damaged message
 * can still be locked, released or given up. The one place that finds "the message and its queue
 * row".
 */
record QueuedMessage(long messageId, long mailboxId, int flags, QueueEntry queue) {

  /** The message {@code entryId} names in any mailbox, or null when there is none. */
  static QueuedMessage find(MessageStore store, Connection c, EntryId entryId) throws SQLException {
    MessageRow row = store.messages().locate(c, EntryIds.messageBytes(entryId));
    if (row == null) {
      return null;
    }
    return new QueuedMessage(row.id(), row.place(), row.flags(), store.queue().find(c, row.id()));
  }

  /**
   * The message, if the scope's spooler holds its lease; MAPI_E_NOT_IN_QUEUE when it is not queued
   * or the lease was lost.
   */
  static QueuedMessage held(SpoolerScope scope, Connection c, EntryId entryId, long nowUs)
      throws SQLException {
    QueuedMessage m = find(scope.store(), c, entryId);
    if (m == null || !m.heldBy(scope.owner(), nowUs)) {
      throw scope.notHeld(entryId);
    }
    return m;
  }

  boolean queued() {
    return queue != null;
  }

  boolean heldBy(String owner, long nowUs) {
    return queue != null && queue.lockedBy(owner, nowUs);
  }
}
