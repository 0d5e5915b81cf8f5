package org.msgstore.store;

import java.time.Instant;
import org.msgstore.EntryId;

/**
 * A table notification on the outgoing queue ({@code fnevTableModified}), raised only after the
 * change committed: a rolled-back submit raises nothing.
 *
 * @param due for a message queued to be sent later ({@code PR_DEFERRED_SEND_TIME}), when it comes
 *     due, so that a spooler can wake up then rather than at its next poll; null when it is due now
 *     or the event is not an addition
 */
public record QueueEvent(Kind kind, EntryId entryId, String mailbox, Instant due) {
  public QueueEvent(Kind kind, EntryId entryId, String mailbox) {
    this(kind, entryId, mailbox, null);
  }

  /** The MAPI table events MsgStore raises on the queue ({@code TABLE_ROW_*}). */
  public enum Kind {
    TABLE_ROW_ADDED(3),
    TABLE_ROW_DELETED(4),
    TABLE_ROW_MODIFIED(5);

    private final int value;

    Kind(int value) {
      this.value = value;
    }

    public int value() {
      return value;
    }
  }
}
