package org.msgstore.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import javax.sql.XAConnection;
import javax.sql.XADataSource;
import org.msgstore.MapiError;
import org.msgstore.MapiException;
import org.msgstore.inflow.NewMailListener;
import org.msgstore.store.jdbc.AttachmentRepository;
import org.msgstore.store.jdbc.Dialect;
import org.msgstore.store.jdbc.MailboxRecord;
import org.msgstore.store.jdbc.MailboxRepository;
import org.msgstore.store.jdbc.MessageRepository;
import org.msgstore.store.jdbc.Migrations;
import org.msgstore.store.jdbc.QueueRepository;
import org.msgstore.store.jdbc.RecipientRepository;
import org.msgstore.store.jdbc.StoreLog;

/**
 * The message store of one adapter: its database (schema migrated at open), the mailboxes in it,
 * and the MAPI rules over them. Thread-safe; one per resource adapter.
 */
public final class MessageStore implements AutoCloseable {

  private final Dialect dialect;
  private final DataSource plain;
  private final XADataSource xa;
  private final Clock clock;
  private final Connection keepOpen;
  private final Map<String, MailboxRecord> mailboxes = new ConcurrentHashMap<>();
  private final MailboxRepository mailboxRepository = new MailboxRepository();
  private final MessageRepository messages;
  private final RecipientRepository recipients = new RecipientRepository();
  private final AttachmentRepository attachments;
  private final QueueRepository queue;
  private final SubmitSupport submitSupport = new SubmitSupport();
  private final RecipientExpander expander = new RecipientExpander(this, submitSupport);
  private final StoreEvents events = new StoreEvents();

  private MessageStore(
      Dialect dialect, DataSource plain, XADataSource xa, Clock clock, Connection keepOpen) {
    this.dialect = dialect;
    this.plain = plain;
    this.xa = xa;
    this.clock = clock;
    this.keepOpen = keepOpen;
    this.messages = new MessageRepository(dialect);
    this.attachments = new AttachmentRepository(dialect);
    this.queue = new QueueRepository(dialect);
  }

  /** Opens the store: chooses the dialect from the database and applies schema migrations. */
  public static MessageStore open(StoreSettings settings, Clock clock) {
    Dialect dialect = Dialect.forUrl(settings.jdbcUrl());
    DataSource plain = dialect.dataSource(settings);
    Connection keepOpen;
    try {
      // Held for the store's lifetime: an embedded database stays open between connections and
      // is closed cleanly, once, by close().
      keepOpen = plain.getConnection();
    } catch (SQLException e) {
      throw new MapiException(
          MapiError.MAPI_E_LOGON_FAILED,
          "cannot open the store database "
              + settings.jdbcUrl()
              + ": "
              + e.getMessage()
              + "; check jdbcUrl, jdbcUser and jdbcPassword",
          e);
    }
    try {
      dialect.checkDatabase(keepOpen);
      String version = Migrations.apply(dialect, plain);
      StoreLog.storeOpen(
          settings,
          dialect.name(),
          version,
          dialect.supportsSkipLocked(),
          dialect.supportsSeveralNodes());
      return new MessageStore(dialect, plain, dialect.xaDataSource(settings), clock, keepOpen);
    } catch (SQLException e) {
      closeQuietly(keepOpen);
      throw UnitOfWork.translate(e, "checking the store database " + settings.jdbcUrl());
    } catch (RuntimeException e) {
      closeQuietly(keepOpen);
      throw e;
    }
  }

  /** A new physical XA connection to the store's database, for one managed connection. */
  public XAConnection openXAConnection() throws SQLException {
    return xa.getXAConnection();
  }

  /**
   * A session on {@code mailbox} over {@code connection}; the mailbox and its folders are created
   * on first use.
   */
  public MailboxSession session(StoreConnection connection, String mailbox) {
    return new MailboxSession(this, connection, mailbox(InputRules.checkMailbox(mailbox)));
  }

  /**
   * A spooler session ({@code SpoolerLogon}): the only kind that may read the outgoing queue, lock,
   * finish and raise new mail. {@code owner} names this spooler in its leases.
   */
  public SpoolerSession spoolerSession(
      StoreConnection connection, String owner, java.time.Duration lease) {
    return new SpoolerSession(this, connection, owner, lease);
  }

  /**
   * The support object of the send path: preprocessors, claimed address types, coupled transport.
   */
  public SubmitSupport submitSupport() {
    return submitSupport;
  }

  /** Subscribes to outgoing-queue table notifications, raised after commit only. */
  public void addQueueListener(QueueListener listener) {
    events.addQueueListener(listener);
  }

  public void removeQueueListener(QueueListener listener) {
    events.removeQueueListener(listener);
  }

  /**
   * Subscribes to new-mail notifications of one mailbox ({@code fnevNewMail}), raised after commit.
   */
  public void addNewMailListener(String mailbox, NewMailListener listener) {
    events.addNewMailListener(mailbox, listener);
  }

  public void removeNewMailListener(String mailbox, NewMailListener listener) {
    events.removeNewMailListener(mailbox, listener);
  }

  public Clock clock() {
    return clock;
  }

  public Dialect dialect() {
    return dialect;
  }

  /**
   * The mailbox, created with its folders on first use. Creation commits on its own connection,
   * outside any caller transaction: a mailbox is infrastructure, and a caller's rollback must not
   * take it away from a concurrent caller that already uses it.
   */
  MailboxRecord mailbox(String name) {
    MailboxRecord cached = mailboxes.get(name);
    if (cached != null) {
      return cached;
    }
    MailboxRecord record = findOrCreate(name);
    mailboxes.put(name, record);
    return record;
  }

  /** The mailbox if it exists, never creating one (delivery must not invent mailboxes). */
  MailboxRecord existingMailbox(Connection c, String name) throws SQLException {
    MailboxRecord cached = mailboxes.get(name);
    if (cached != null) {
      return cached;
    }
    MailboxRecord found = mailboxRepository.find(c, name);
    if (found != null) {
      mailboxes.put(name, found);
    }
    return found;
  }

  /** The mailbox with that row id (the spooler meets messages of every mailbox). */
  MailboxRecord mailboxById(Connection c, long mailboxId) throws SQLException {
    for (MailboxRecord m : mailboxes.values()) {
      if (m.id() == mailboxId) {
        return m;
      }
    }
    String name = mailboxRepository.nameOf(c, mailboxId);
    if (name == null) {
      throw new SQLException("no mailbox with id " + mailboxId);
    }
    return mailbox(name);
  }

  private MailboxRecord findOrCreate(String name) {
    try (Connection c = plain.getConnection()) {
      MailboxRecord existing = mailboxRepository.find(c, name);
      if (existing != null) {
        return existing;
      }
      c.setAutoCommit(false);
      try {
        MailboxRecord created =
            mailboxRepository.create(c, name, micros(clock.instant()), EntryIds::newFolderId);
        c.commit();
        StoreLog.mailboxCreated(name);
        return created;
      } catch (SQLException e) {
        c.rollback();
        // Another caller may have created it at the same moment: its rows are as good as ours.
        MailboxRecord winner = mailboxRepository.find(c, name);
        if (winner != null) {
          return winner;
        }
        throw e;
      }
    } catch (SQLException e) {
      throw UnitOfWork.translate(e, "opening mailbox '" + name + "'");
    }
  }

  MessageRepository messages() {
    return messages;
  }

  RecipientRepository recipients() {
    return recipients;
  }

  AttachmentRepository attachments() {
    return attachments;
  }

  QueueRepository queue() {
    return queue;
  }

  RecipientExpander expander() {
    return expander;
  }

  StoreEvents events() {
    return events;
  }

  static long micros(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
  }

  static Instant instant(long micros) {
    return Instant.ofEpochSecond(
        Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
  }

  @Override
  public void close() {
    mailboxes.clear();
    closeQuietly(keepOpen);
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException ignored) {
      // Closing at shutdown: nothing left to protect.
    }
  }
}
