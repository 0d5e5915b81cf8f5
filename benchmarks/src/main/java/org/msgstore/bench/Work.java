package org.msgstore.bench;

import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.MapMessage;
import jakarta.jms.Queue;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.msgstore.EntryId;
import org.msgstore.FolderKind;
import org.msgstore.Message;
import org.msgstore.MessageStoreConnection;
import org.msgstore.MessageStoreConnectionFactory;
import org.msgstore.PropTag;
import org.msgstore.RecipientType;

/**
 * One unit of work per path, each a container-managed JTA transaction (REQUIRED, started by the
 * call): insert the business row, then hand the message on. The caller times the call, so the
 * latency includes the commit: two-phase on the JMS path and on MsgStore with its own store, one
 * phase on the outbox path and on MsgStore with STORE=appds.
 */
@Stateless
public class Work {
  static final String WAITING_MAILBOX = "bench-waiting";

  @Resource(lookup = "java:/eis/MsgStore")
  MessageStoreConnectionFactory store;

  @Resource(lookup = "java:/JmsXA")
  ConnectionFactory jms;

  @Resource(lookup = "java:/jms/queue/BenchMail")
  Queue queue;

  @Resource(lookup = "java:jboss/mail/Bench")
  Session mail;

  @Resource TransactionSynchronizationRegistry transactions;

  @EJB BusinessRows rows;

  @EJB OutboxPoller outbox;

  /**
   * Path 1: MsgStore submit(); the spooler delivers after commit, or not before {@code due} when
   * one is given (PR_DEFERRED_SEND_TIME: the backlog measurement).
   */
  public void msgstore(long n, Instant due) {
    String subject = Payload.subject(n);
    if (AppDataSource.MSGSTORE_USES_IT) {
      rows.insertThroughAppDataSource("msgstore", subject);
    } else {
      rows.insert("msgstore", subject);
    }
    Latencies.trackCommit(transactions, n);
    try (MessageStoreConnection c = store.getConnection("bench")) {
      submit(c, subject, due);
    }
  }

  /**
   * Queue growth: {@code count} messages of mailbox {@code bench-waiting}, due at {@code due} (far
   * ahead, so the spooler never claims them), in one transaction without a business row: the
   * fastest way to fill the queue. Returns their entry ids for {@link #removeWaiting}.
   */
  public List<EntryId> fillWaiting(long firstN, int count, Instant due) {
    List<EntryId> ids = new ArrayList<>(count);
    try (MessageStoreConnection c = store.getConnection(WAITING_MAILBOX)) {
      for (int i = 0; i < count; i++) {
        ids.add(submit(c, Payload.subject(firstN + i), due));
      }
    }
    return ids;
  }

  /** Takes waiting messages out of the queue and deletes them, in one transaction. */
  public void removeWaiting(List<EntryId> ids) {
    try (MessageStoreConnection c = store.getConnection(WAITING_MAILBOX)) {
      for (EntryId id : ids) {
        c.abortSubmit(id);
      }
      c.openFolder(FolderKind.OUTBOX).deleteMessages(ids);
    }
  }

  /**
   * Messages left in the waiting mailbox's Outbox: 0 after {@link #removeWaiting} took them all.
   */
  public int waitingLeft() {
    try (MessageStoreConnection c = store.getConnection(WAITING_MAILBOX)) {
      return c.openFolder(FolderKind.OUTBOX).getContentsTable().size();
    }
  }

  private static EntryId submit(MessageStoreConnection c, String subject, Instant due) {
    return submit(c, subject, due, null);
  }

  /**
   * The bench message, submitted; {@code priority} is its PR_PRIORITY (1 urgent, -1 non-urgent), or
   * null to leave it unset (normal), as every path but the priority measurement does.
   */
  static EntryId submit(MessageStoreConnection c, String subject, Instant due, Integer priority) {
    try (Message m = c.openFolder(FolderKind.OUTBOX).createMessage()) {
      m.set(PropTag.PR_SUBJECT, subject);
      m.set(PropTag.PR_BODY, Payload.BODY);
      m.set(PropTag.PR_SENDER_EMAIL_ADDRESS, Payload.FROM);
      m.set(PropTag.PR_DELETE_AFTER_SUBMIT, true);
      if (due != null) {
        m.set(PropTag.PR_DEFERRED_SEND_TIME, due);
      }
      if (priority != null) {
        m.set(PropTag.PR_PRIORITY, priority);
      }
      m.addRecipient(RecipientType.TO, Payload.TO, "SMTP", Payload.TO);
      m.addRecipient(RecipientType.CC, Payload.CC, "SMTP", Payload.CC);
      m.addRecipient(RecipientType.BCC, Payload.BCC, "SMTP", Payload.BCC);
      m.addAttachment(
          Payload.ATTACHMENT_NAME,
          Payload.ATTACHMENT_TYPE,
          new ByteArrayInputStream(Payload.ATTACHMENT));
      EntryId id = m.entryId(); // a submitted message's object accepts only close()
      m.submit();
      return id;
    }
  }

  /**
   * Path 2: a persistent JMS message through JmsXA (enlisted); {@link MailMdb} sends it, not before
   * {@code delayMs} (JMS 2 delivery delay: the backlog measurement).
   */
  public void jms(long n, long delayMs) {
    String subject = Payload.subject(n);
    rows.insert("jms", subject);
    Latencies.trackCommit(transactions, n);
    try (JMSContext context = jms.createContext()) {
      MapMessage m = context.createMapMessage();
      m.setString("subject", subject);
      m.setString("body", Payload.BODY);
      m.setBytes("attachment", Payload.ATTACHMENT);
      context
          .createProducer()
          .setDeliveryDelay(delayMs)
          .send(queue, m); // PERSISTENT is the default delivery mode
    } catch (jakarta.jms.JMSException e) {
      throw new IllegalStateException("JMS send failed: " + e.getMessage(), e);
    }
  }

  /**
   * Path 5: the hand-written transactional outbox. The business row and one outbox row holding the
   * serialized MIME message go through the same non-XA datasource, so the transaction has one
   * resource and commits in one phase; {@link OutboxPoller} is woken after the commit and {@link
   * OutboxRelay} sends the row. Not before {@code due} when one is given (the backlog measurement).
   */
  public void outbox(long n, Instant due) {
    String subject = Payload.subject(n);
    byte[] mime; // serialized before the transaction touches the database
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream(6 * 1024);
      Payload.mime(mail, subject, Payload.BODY, Payload.ATTACHMENT).writeTo(out);
      mime = out.toByteArray();
    } catch (MessagingException | IOException e) {
      throw new IllegalStateException("cannot serialize the message: " + e.getMessage(), e);
    }
    rows.insertThroughAppDataSource("outbox", subject);
    try (Connection c = AppDataSource.get().getConnection()) {
      OutboxTable.insert(c, mime, due);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot insert the outbox row: " + e.getMessage(), e);
    }
    Latencies.trackCommit(transactions, n);
    outbox.wakeAfterCommit(transactions);
  }

  /** Path 3: Jakarta Mail Transport.send inside the transaction (not transactional). */
  public void mail(long n) {
    String subject = Payload.subject(n);
    rows.insert("mail", subject);
    try {
      Transport.send(Payload.mime(mail, subject, Payload.BODY, Payload.ATTACHMENT));
    } catch (MessagingException e) {
      throw new IllegalStateException("SMTP send failed: " + e.getMessage(), e);
    }
  }
}
