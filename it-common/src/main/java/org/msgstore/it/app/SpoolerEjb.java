package org.msgstore.it.app;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.io.ByteArrayInputStream;
import org.msgstore.EntryId;
import org.msgstore.FolderKind;
import org.msgstore.Message;
import org.msgstore.MessageStoreConnection;
import org.msgstore.MessageStoreConnectionFactory;
import org.msgstore.PropTag;
import org.msgstore.RecipientType;

/**
 * Submits as the README shows an application doing it: in a container-managed transaction
 * (REQUIRED), with a sender address and {@code PR_SENTMAIL_ENTRYID} set to the store's Sent Items.
 */
@Stateless
public class SpoolerEjb {
  public static final String SENDER_ADDRESS = "it-sender@example.com";

  @Resource(name = ResourceRefs.MSGSTORE)
  private MessageStoreConnectionFactory factory;

  /**
   * Submits {@code subject} from {@code mailbox} to one recipient; returns the message's entry id.
   */
  public EntryId submit(String mailbox, String subject, String addressType, String address) {
    try (MessageStoreConnection store = factory.getConnection(mailbox);
        Message m = store.openFolder(FolderKind.OUTBOX).createMessage()) {
      fill(store, m, subject, "Sent through the spooler by an in-server test.");
      m.addRecipient(RecipientType.TO, address, addressType, address);
      return submitted(m);
    }
  }

  /**
   * Like {@link #submit}, with one attachment: the content is stored (on PostgreSQL as a large
   * object) inside the same container transaction as the submit.
   */
  public EntryId submitWithAttachment(
      String mailbox, String subject, String address, String fileName, byte[] content) {
    try (MessageStoreConnection store = factory.getConnection(mailbox);
        Message m = store.openFolder(FolderKind.OUTBOX).createMessage()) {
      fill(store, m, subject, "Sent with an attachment through the spooler by an in-server test.");
      m.addRecipient(RecipientType.TO, address, "SMTP", address);
      m.addAttachment(fileName, "application/octet-stream", new ByteArrayInputStream(content));
      return submitted(m);
    }
  }

  /**
   * {@link #submitWithAttachment} with no transaction: each store call then commits on its own
   * (dataSource mode: on an auto-commit connection of the datasource).
   */
  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  public EntryId submitWithAttachmentOutsideTransaction(
      String mailbox, String subject, String address, String fileName, byte[] content) {
    return submitWithAttachment(mailbox, subject, address, fileName, content);
  }

  /** What every message of these tests has: a subject, a body, the sender, and Sent Items. */
  private static void fill(MessageStoreConnection store, Message m, String subject, String body) {
    m.set(PropTag.PR_SUBJECT, subject);
    m.set(PropTag.PR_BODY, body);
    m.set(PropTag.PR_SENDER_EMAIL_ADDRESS, SENDER_ADDRESS);
    m.set(PropTag.PR_SENTMAIL_ENTRYID, store.getStoreProperty(PropTag.PR_IPM_SENTMAIL_ENTRYID));
  }

  /** Submits {@code m}; returns its entry id (read before the submit). */
  private static EntryId submitted(Message m) {
    EntryId id = m.entryId();
    m.submit();
    return id;
  }
}
