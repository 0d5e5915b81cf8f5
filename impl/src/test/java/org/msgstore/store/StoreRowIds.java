package org.msgstore.store;

import org.msgstore.Message;

/**
 * The row ids a bounce token names, for tests outside this package that sign tokens for real
 * messages (the SMTP transport signs them the same way).
 */
public final class StoreRowIds {
  private StoreRowIds() {}

  /** The message's row id; {@code m} was opened through a {@link MailboxSession}. */
  public static long messageRowId(Message m) {
    return ((StoreMessage) m).rowId();
  }

  /** The mailbox's row id. */
  public static long mailboxId(MailboxSession session) {
    return session.mailboxRecord().id();
  }
}
