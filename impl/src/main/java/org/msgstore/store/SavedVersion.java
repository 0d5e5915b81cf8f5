package org.msgstore.store;

import org.msgstore.store.jdbc.MessageRecord;

/**
 * The stored row an open message was last read from or written to: its id, and the version a save
 * must still find (optimistic locking) with the times it keeps. An open message has none until it
 * is first saved.
 */
record SavedVersion(long id, int version, long createdUs, long modifiedUs) {
  static SavedVersion of(MessageRecord record) {
    return new SavedVersion(record.id(), record.version(), record.createdUs(), record.modifiedUs());
  }
}
