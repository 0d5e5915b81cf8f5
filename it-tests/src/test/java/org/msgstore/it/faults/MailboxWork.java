package org.msgstore.it.faults;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.msgstore.FolderKind;
import org.msgstore.Message;
import org.msgstore.MessageStoreConnection;
import org.msgstore.MessageStoreConnectionFactory;
import org.msgstore.PropTag;
import org.msgstore.RecipientType;
import org.msgstore.Row;

/**
 * In the fault ITs' war: submits the messages of mailbox {@value #MAILBOX}, each to one recipient
 * (so the test SMTP server keeps one copy per delivery) and filed into Sent Items once delivered
 * (so Sent Items counts what the spooler finished), and counts its folders.
 */
@Stateless
public class MailboxWork {
  static final String MAILBOX = "faults";
  static final String SENDER = "faults-sender@example.com";
  static final String RECIPIENT = "erin@example.net";

  @Resource(lookup = AdapterInstall.JNDI_NAME)
  private MessageStoreConnectionFactory store;

  /**
   * Submits {@code prefix + n} for n in {@code first .. first + count - 1}, not sent before {@code
   * due}, in one container transaction: queued if and only if it commits.
   */
  public void submit(String prefix, int first, int count, Instant due) {
    try (MessageStoreConnection c = store.getConnection(MAILBOX)) {
      byte[] sentItems = c.getStoreProperty(PropTag.PR_IPM_SENTMAIL_ENTRYID);
      for (int n = first; n < first + count; n++) {
        submit(c, sentItems, prefix + n, due);
      }
    }
  }

  /** Submits {@code subject}, due now, in the caller's transaction. */
  public void submit(String subject) {
    try (MessageStoreConnection c = store.getConnection(MAILBOX)) {
      submit(c, c.getStoreProperty(PropTag.PR_IPM_SENTMAIL_ENTRYID), subject, Instant.now());
    }
  }

  private static void submit(
      MessageStoreConnection c, byte[] sentItems, String subject, Instant due) {
    try (Message m = c.openFolder(FolderKind.OUTBOX).createMessage()) {
      m.set(PropTag.PR_SUBJECT, subject);
      m.set(PropTag.PR_BODY, "Submitted by a fault IT: " + subject);
      m.set(PropTag.PR_SENDER_EMAIL_ADDRESS, SENDER);
      m.set(PropTag.PR_SENTMAIL_ENTRYID, sentItems);
      m.set(PropTag.PR_DEFERRED_SEND_TIME, due);
      m.addRecipient(RecipientType.TO, RECIPIENT, "SMTP", RECIPIENT);
      m.submit();
    }
  }

  /**
   * {Outbox, Sent Items, distinct subjects in Sent Items} for the subjects starting with {@code
   * prefix}, as another client sees them (a transaction of its own: only what is committed).
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public int[] counts(String prefix) {
    try (MessageStoreConnection c = store.getConnection(MAILBOX)) {
      int outbox = 0;
      for (Row row : c.openFolder(FolderKind.OUTBOX).getContentsTable()) {
        if (startsWith(row, prefix)) {
          outbox++;
        }
      }
      int sent = 0;
      Set<String> distinct = new HashSet<>();
      for (Row row : c.openFolder(FolderKind.SENT_ITEMS).getContentsTable()) {
        if (startsWith(row, prefix)) {
          sent++;
          distinct.add(row.get(PropTag.PR_SUBJECT));
        }
      }
      return new int[] {outbox, sent, distinct.size()};
    }
  }

  private static boolean startsWith(Row row, String prefix) {
    String subject = row.get(PropTag.PR_SUBJECT);
    return subject != null && subject.startsWith(prefix);
  }
}
