package org.msgstore.store;

import org.msgstore.EntryId;
import org.msgstore.Message;

/**
 * A queued message the spooler opened to work on, as this store opened it: the spooler reads (and
 * its preprocessors write) it through {@link #message()}, and hands it back to the store to record
 * its end. Closing it closes the message.
 */
public final class HeldMessage implements AutoCloseable {
  private final StoreMessage message;

  HeldMessage(StoreMessage message) {
    this.message = message;
  }

  public EntryId entryId() {
    return message.entryId();
  }

  public Message message() {
    return message;
  }

  /** The sender's mailbox. */
  public String mailbox() {
    return message.session().mailbox();
  }

  /** The sender's mailbox row id (what a bounce token names). */
  public long mailboxRowId() {
    return message.session().mailboxRecord().id();
  }

  /** The message's row id (what a bounce token names). */
  public long messageRowId() {
    return message.rowId();
  }

  @Override
  public void close() {
    message.close();
  }

  StoreMessage stored() {
    return message;
  }
}
