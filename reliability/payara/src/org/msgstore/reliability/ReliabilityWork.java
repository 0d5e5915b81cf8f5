package org.msgstore.reliability;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.Random;
import org.msgstore.FolderKind;
import org.msgstore.Message;
import org.msgstore.MessageStoreConnection;
import org.msgstore.MessageStoreConnectionFactory;
import org.msgstore.PropTag;
import org.msgstore.RecipientType;

/**
 * The store side: messages of mailbox {@code reliability}, the same ≈4 KiB message as the WildFly
 * scenario's (subject, 2.5 KiB body, 1 KiB attachment, To and Cc), filed into Sent Items once
 * delivered, so Sent Items counts what the spooler finished. The connector resource is Payara's
 * {@code eis/MsgStore}; referencing it is also what lets this war see the rar's API classes.
 */
@Stateless
public class ReliabilityWork {
  static final String MAILBOX = "reliability";
  private static final String FROM = "reliability@bench.example";
  private static final String TO = "to@bench.example";
  private static final String CC = "cc@bench.example";
  private static final String BODY;
  private static final byte[] ATTACHMENT = new byte[1024];

  static {
    StringBuilder b = new StringBuilder();
    while (b.length() < 2500) {
      b.append(
          "Dear customer, thank you for your order. This line pads the body to a realistic"
              + " size.\n");
    }
    BODY = b.toString();
    new Random(42).nextBytes(ATTACHMENT);
  }

  @Resource(lookup = "eis/MsgStore")
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
      m.set(PropTag.PR_BODY, BODY);
      m.set(PropTag.PR_SENDER_EMAIL_ADDRESS, FROM);
      m.set(PropTag.PR_SENTMAIL_ENTRYID, sentItems);
      m.set(PropTag.PR_DEFERRED_SEND_TIME, due);
      m.addRecipient(RecipientType.TO, TO, "SMTP", TO);
      m.addRecipient(RecipientType.CC, CC, "SMTP", CC);
      m.addAttachment(
          "invoice.bin", "application/octet-stream", new ByteArrayInputStream(ATTACHMENT));
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
