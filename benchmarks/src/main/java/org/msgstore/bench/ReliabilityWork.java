package org.msgstore.bench;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import org.msgstore.FolderKind;
import org.msgstore.Message;
import org.msgstore.MessageStoreConnection;
import org.msgstore.MessageStoreConnectionFactory;
import org.msgstore.PropTag;
import org.msgstore.RecipientType;

/**
 * The store side of reliability/run.sh: messages of mailbox {@code reliability} that are filed into
 * Sent Items once delivered (no PR_DELETE_AFTER_SUBMIT), so Sent Items counts what the spooler
 * finished; and the counts the script compares with the sink.
 */
@Stateless
public class ReliabilityWork {
  static final String MAILBOX = "reliability";

  @Resource(lookup = "java:/eis/MsgStore")
  MessageStoreConnectionFactory store;

  /**
   * Submits messages {@code first} .. {@code first + count - 1} in one container transaction (they
   * are queued if and only if it commits), none sent before {@code due}.
   */
  public void submit(long first, int count, Instant due) {
    try (MessageStoreConnection c = store.getConnection(MAILBOX)) {
      byte[] sentItems = c.getStoreProperty(PropTag.PR_IPM_SENTMAIL_ENTRYID);
      for (long n = first; n < first + count; n++) {
        submit(c, sentItems, "Reliability message " + n, due);
      }
    }
  }

  /** Submits one message {@code subject}, due now, in the caller's transaction. */
  public void submit(String subject) {
    try (MessageStoreConnection c = store.getConnection(MAILBOX)) {
      submit(c, c.getStoreProperty(PropTag.PR_IPM_SENTMAIL_ENTRYID), subject, Instant.now());
    }
  }

  private static void submit(
      MessageStoreConnection c, byte[] sentItems, String subject, Instant due) {
    try (Message m = c.openFolder(FolderKind.OUTBOX).createMessage()) {
      m.set(PropTag.PR_SUBJECT, subject);
      m.set(PropTag.PR_BODY, Payload.BODY);
      m.set(PropTag.PR_SENDER_EMAIL_ADDRESS, Payload.FROM);
      m.set(PropTag.PR_SENTMAIL_ENTRYID, sentItems);
      m.set(PropTag.PR_DEFERRED_SEND_TIME, due);
      m.addRecipient(RecipientType.TO, Payload.TO, "SMTP", Payload.TO);
      m.addRecipient(RecipientType.CC, Payload.CC, "SMTP", Payload.CC);
      m.addAttachment(
          Payload.ATTACHMENT_NAME,
          Payload.ATTACHMENT_TYPE,
          new ByteArrayInputStream(Payload.ATTACHMENT));
      m.submit();
    }
  }

  /** {Outbox, Sent Items}: messages still queued and messages the spooler finished. */
  public int[] counts() {
    try (MessageStoreConnection c = store.getConnection(MAILBOX)) {
      return new int[] {
        c.openFolder(FolderKind.OUTBOX).getContentsTable().size(),
        c.openFolder(FolderKind.SENT_ITEMS).getContentsTable().size()
      };
    }
  }
}
