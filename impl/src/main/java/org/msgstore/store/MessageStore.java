package org.msgstore.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;
import javax.sql.XAConnection;
import javax.sql.XADataSource;
import org.msgstore.MapiError;
import org.msgstore.MapiException;
import org.msgstore.inflow.NewMailListener;
import org.msgstore.store.jdbc.AttachmentRepository;
import org.msgstore.store.jdbc.Dialect;
import org.msgstore.store.jdbc.MailboxRecord;
import org.msgstore.store.jdbc.MessageRepository;
import org.msgstore.store.jdbc.Migrations;
import org.msgstore.store.jdbc.NodeRepository;
import org.msgstore.store.jdbc.QueueRepository;
import org.msgstore.store.jdbc.RecipientRepository;
import org.msgstore.store.jdbc.StoreLog;
import org.msgstore.store.jdbc.StoreSchema;

/**
 * The message store of one adapter: its database (schema migrated at open), the mailboxes in it,
 * and the MAPI rules over them. Thread-safe; one per resource adapter.
 */
public final class MessageStore implements AutoCloseable {

  private final Dialect dialect;
  private final Database database;
  private final Clock clock;
  private final Mailboxes mailboxes;
  private final MessageRepository messages;
  private final RecipientRepository recipients = new RecipientRepository();
  private final AttachmentRepository attachments;
  private final QueueRepository queue;
  private final QueueAdmin queueAdmin;
  private final NodeRepository nodes = new NodeRepository();
  private final SubmitSupport submitSupport = new SubmitSupport();
  private final ClaimRank claimRank = new ClaimRank();
  private final SuppressionList suppressionList = new SuppressionList(this);
  private final LateReports lateReports = new LateReports(this);
  private final RecipientExpander expander = new RecipientExpander(this, submitSupport);
  private final StoreEvents events = new StoreEvents();

  /**
   * Where the store's connections come from.
   *
   * @param plain connections that commit on their own: migrations, the spooler, and (with a shared
   *     datasource) every store call
   * @param xa the store's own XA connections, one per managed connection; null on a shared
   *     datasource, whose connections join the application's transactions by themselves
   * @param keepOpen held for the store's life (an embedded database stays open between
   *     connections), or null
   */
  private record Database(
      DataSource plain,
      XADataSource xa,
      StoreSchema schema,
      OutsideTransaction outside,
      Connection keepOpen) {}

  private MessageStore(Dialect dialect, Database database, Clock clock) {
    this.dialect = dialect;
    this.database = database;
    this.clock = clock;
    this.mailboxes = new Mailboxes(this::openConnection, database.outside(), clock);
    this.messages = new MessageRepository(dialect);
    this.attachments = new AttachmentRepository(dialect);
    this.queue = new QueueRepository(dialect);
    this.queueAdmin = new QueueAdmin(this);
  }

  /**
   * Opens the store on a database of its own, reached by its JDBC URL: chooses the dialect from the
   * URL and applies schema migrations. Application transactions reach it through XA.
   */
  public static MessageStore open(StoreSettings settings, Clock clock) {
    Dialect dialect = Dialect.forUrl(settings);
    StoreSchema schema = StoreSchema.named(settings.schema());
    DataSource plain = dialect.dataSource(settings);
    Connection keepOpen;
    try {
      keepOpen = plain.getConnection();
    } catch (SQLException e) {
      throw new MapiException(
          MapiError.MAPI_E_LOGON_FAILED,
          "cannot open the store database "
              + settings.maskedUrl()
              + ": "
              + e.getMessage()
              + "; check jdbcUrl, jdbcUser and jdbcPassword",
          e);
    }
    try {
      dialect.checkDatabase(keepOpen);
      String version = Migrations.apply(dialect, plain, schema);
      StoreLog.storeOpen(
          settings,
          dialect.name(),
          version,
          dialect.supportsSkipLocked(),
          dialect.supportsSeveralNodes());
      Database database =
          new Database(
              plain,
              dialect.xaDataSource(settings),
              schema,
              OutsideTransaction.ON_THIS_THREAD,
              keepOpen);
      return new MessageStore(dialect, database, clock);
    } catch (SQLException e) {
      closeQuietly(keepOpen);
      throw UnitOfWork.translate(e, "checking the store database " + settings.maskedUrl());
    } catch (RuntimeException e) {
      closeQuietly(keepOpen);
      throw e;
    }
  }

  /**
   * Opens the store on the application's datasource ({@code dataSource} mode): the dialect comes
   * from the database, migrations run through the datasource into {@code schema}, and every store
   * call takes a connection from it, so inside a JTA transaction the container's enlisted
   * connection carries the store's statements together with the application's.
   *
   * @param name the datasource's JNDI name, for messages
   * @param outside runs work that must commit on its own off the calling thread's transaction
   */
  public static MessageStore openShared(
      DataSource dataSource,
      String name,
      StoreSchema schema,
      OutsideTransaction outside,
      Clock clock) {
    Dialect dialect;
    try (Connection c = dataSource.getConnection()) {
      dialect = Dialect.forDatabase(c.getMetaData(), name);
      dialect.checkSharedDatabase(c);
    } catch (SQLException e) {
      throw new MapiException(
          MapiError.MAPI_E_LOGON_FAILED,
          "cannot use dataSource '" + name + "' for the store: " + e.getMessage(),
          e);
    }
    String version = Migrations.apply(dialect, dataSource, schema);
    try (Connection c = dataSource.getConnection()) {
      dialect.checkSchemaApart(c, schema);
    } catch (SQLException e) {
      throw UnitOfWork.translate(e, "checking the search path of dataSource '" + name + "'");
    }
    StoreLog.storeOpen(
        "dataSource " + name + ", tables in " + schema,
        dialect.name(),
        version,
        dialect.supportsSkipLocked(),
        dialect.supportsSeveralNodes());
    return new MessageStore(dialect, new Database(dataSource, null, schema, outside, null), clock);
  }

  /**
   * A new physical XA connection to the store's own database, for one managed connection; its
   * {@link XAConnection#getConnection() connection} goes through {@link #qualify} before use.
   */
  public XAConnection openXAConnection() throws SQLException {
    if (database.xa() == null) {
      throw new IllegalStateException(
          "the store is on the application's datasource, whose connections join its transactions"
              + " by themselves: it has no XA connections of its own");
    }
    return database.xa().getXAConnection();
  }

  /**
   * A connection that commits on its own unless told otherwise; on the application's datasource,
   * one that joins the calling thread's JTA transaction. The caller closes it.
   */
  public Connection openConnection() throws SQLException {
    return qualify(database.plain().getConnection());
  }

  /**
   * The signal that tells the spoolers of other servers sharing this store that messages were
   * queued, where the database has one (PostgreSQL); empty elsewhere.
   */
  public Optional<QueueSignal> queueSignal() {
    return dialect
        .queueChannel(database.schema())
        .map(channel -> new QueueSignal(channel, database.plain(), clock));
  }

  /** {@code connection}, its store statements pointed at the store's schema. */
  public Connection qualify(Connection connection) {
    return database.schema().qualify(connection);
  }

  /**
   * Whether the store is on the application's datasource: each store call then takes a connection
   * from it and gives it back, and transactions are the datasource's, not the store's.
   */
  public boolean sharesApplicationDataSource() {
    return database.xa() == null;
  }

  /**
   * A session on {@code mailbox} over {@code connection}; the mailbox and its folders are created
   * on first use.
   */
  public MailboxSession session(StoreConnection connection, String mailbox) {
    String name = InputRules.checkMailbox(mailbox);
    return new MailboxSession(
        this, connection, mailboxes.get(name, () -> connection.checkCreateMailbox(name)));
  }

  /**
   * A spooler session ({@code SpoolerLogon}): the only kind that may read the outgoing queue, lock,
   * finish and raise new mail. {@code owner} names this spooler in its leases.
   */
  public SpoolerSession spoolerSession(
      StoreConnection connection, String owner, java.time.Duration lease) {
    return new SpoolerSession(this, connection, owner, lease);
  }

  /** Reports that come back after the relay accepted a message (bounces, delays, DRs). */
  public LateReports lateReports() {
    return lateReports;
  }

  /** Addresses that get no more mail (hard bounces, complaints, an administrator's entries). */
  public SuppressionList suppressionList() {
    return suppressionList;
  }

  /** An operator's view of and actions on the outgoing queue of every node. */
  public QueueAdmin queueAdmin() {
    return queueAdmin;
  }

  /** Where newly submitted messages stand in the spooler's claim order (priority lanes). */
  public ClaimRank claimRank() {
    return claimRank;
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
   * Subscribes to new-mail notifications of one mailbox ({@code fnevNewMail}), raised after commit;
   * {@code "*"} subscribes to every mailbox's.
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

  /** The mailbox, created with its folders on first use ({@link Mailboxes#get}). */
  MailboxRecord mailbox(String name) {
    return mailboxes.get(name);
  }

  /** The mailbox if it exists, never creating one (delivery must not invent mailboxes). */
  MailboxRecord existingMailbox(Connection c, String name) throws SQLException {
    return mailboxes.existing(c, name);
  }

  /** The mailbox with that row id (the spooler meets messages of every mailbox). */
  MailboxRecord mailboxById(Connection c, long mailboxId) throws SQLException {
    return mailboxes.byId(c, mailboxId);
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

  NodeRepository nodes() {
    return nodes;
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
    if (database.keepOpen() != null) {
      closeQuietly(database.keepOpen());
    }
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException ignored) {
      // Closing at shutdown: nothing left to protect.
    }
  }
}
