package org.msgstore.it.app;

import org.msgstore.EntryId;
import org.msgstore.Folder;
import org.msgstore.FolderKind;
import org.msgstore.Message;
import org.msgstore.MessageStoreConnection;
import org.msgstore.PropTag;
import org.msgstore.RecipientType;

/**
 * Composes the message every IT sends, exactly as ARCHITECTURE §3 shows an application doing it.
 * The recipient is an SMTP address outside the store, so submit() only queues it (no coupled local
 * delivery) and, with no spooler running, it stays queued in the Outbox.
 */
public final class Compose {
  private Compose() {}

  /** Submits a message with {@code subject} from the connection's mailbox; returns its entry id. */
  public static EntryId submit(MessageStoreConnection store, String subject) {
    try (Message m = draft(store, subject)) {
      EntryId id = m.entryId();
      m.submit();
      return id;
    }
  }

  /** Saves (does not submit) a message with {@code subject} in the Outbox. */
  public static EntryId save(MessageStoreConnection store, String subject) {
    try (Message m = draft(store, subject)) {
      m.saveChanges();
      return m.entryId();
    }
  }

  /** The subject of the confirmation {@link OrderService} submits for an order. */
  public static String confirmationSubject(String orderId) {
    return "Order " + orderId + " confirmed";
  }

  private static Message draft(MessageStoreConnection store, String subject) {
    Folder outbox = store.openFolder(FolderKind.OUTBOX);
    Message m = outbox.createMessage();
    m.set(PropTag.PR_SUBJECT, subject);
    m.set(PropTag.PR_BODY, "Sent by an in-server test.");
    m.addRecipient(RecipientType.TO, "Alice", "SMTP", "alice@example.com");
    return m;
  }
}
