package org.msgstore.store;

import org.msgstore.EntryId;

/**
 * A table notification on the outgoing queue ({@code fnevTableModified}), raised only after the
 * change committed: a rolled-back submit raises nothing.
 */
public record QueueEvent(Kind kind, EntryId entryId, String mailbox) {
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
