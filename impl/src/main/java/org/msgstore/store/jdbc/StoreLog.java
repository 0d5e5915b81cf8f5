package org.msgstore.store.jdbc;

import static org.msgstore.log.LogCode.Severity.FINE;
import static org.msgstore.log.LogCode.Severity.INFO;
import static org.msgstore.log.LogCode.Severity.WARNING;

import java.sql.SQLException;
import java.util.List;
import java.util.logging.Logger;
import org.msgstore.log.LogCode;

/**
 * The store's log catalog (MSGS2xxx): every message of {@code org.msgstore.store} and its {@code
 * jdbc} package is one method here, which fixes its code, level and text. It lives in {@code jdbc}
 * because {@link Migrations} logs too and the store package depends on this one, not the reverse.
 * Each message keeps the logger of the class that logs it, so log configuration by class name still
 * applies.
 */
public final class StoreLog {
  static final LogCode SCHEMA_MIGRATED =
      new LogCode(
          "MSGS2001",
          INFO,
          "The store schema is at the named version; the line says how many migrations ran now.",
          "");
  static final LogCode STORE_OPEN =
      new LogCode(
          "MSGS2002",
          INFO,
          "The store opened: its settings (secrets masked), database dialect and capabilities.",
          "");
  static final LogCode MAILBOX_CREATED =
      new LogCode("MSGS2003", INFO, "A mailbox was created with its folders on first use.", "");
  static final LogCode STATEMENT_FAILED =
      new LogCode(
          "MSGS2004",
          FINE,
          "A database statement failed; the caller got a MapiException (MAPI_E_BUSY for lock"
              + " timeouts and serialization failures).",
          "None; look at the caller's error. Enable FINE for org.msgstore.store.UnitOfWork to"
              + " see the SQL cause.");
  static final LogCode QUEUE_LISTENER_FAILED =
      new LogCode(
          "MSGS2005",
          WARNING,
          "A queue listener (the spooler or an application's) threw; the change itself stands.",
          "See the cause in the named listener.");
  static final LogCode NEW_MAIL_LISTENER_FAILED =
      new LogCode(
          "MSGS2006",
          WARNING,
          "A new-mail listener threw; the delivery itself stands.",
          "See the cause in the named listener.");
  static final LogCode QUEUE_SIGNAL_FAILED =
      new LogCode(
          "MSGS2007",
          WARNING,
          "The signal between servers that messages were queued (PostgreSQL NOTIFY/LISTEN) failed"
              + " on its database connection; it is tried again with a growing pause (at most 30"
              + " s). Meanwhile spoolers of other servers find new messages at their poll: nothing"
              + " is lost, only later.",
          "See the cause: usually the database restarting or the connection pool closing"
              + " connections. An INFO line says when it works again.");
  static final LogCode QUEUE_SIGNAL_RESUMED =
      new LogCode(
          "MSGS2008",
          INFO,
          "The signal between servers works again after " + QUEUE_SIGNAL_FAILED.id() + ".",
          "");
  static final LogCode QUEUE_SIGNAL_UNAVAILABLE =
      new LogCode(
          "MSGS2009",
          INFO,
          "The datasource's connections do not let the adapter hear PostgreSQL notifications (a"
              + " pool wrapper without an accessor to the driver's connection): this server's"
              + " spooler hears of messages queued by other servers at its poll"
              + " (spoolerPollIntervalMs).",
          "Lower spoolerPollIntervalMs on this server if other servers submit and it delivers.");

  /** Every code of this catalog, for the docs and the catalog test. */
  public static final List<LogCode> CODES =
      List.of(
          SCHEMA_MIGRATED,
          STORE_OPEN,
          MAILBOX_CREATED,
          STATEMENT_FAILED,
          QUEUE_LISTENER_FAILED,
          NEW_MAIL_LISTENER_FAILED,
          QUEUE_SIGNAL_FAILED,
          QUEUE_SIGNAL_RESUMED,
          QUEUE_SIGNAL_UNAVAILABLE);

  private static final Logger MIGRATIONS = Logger.getLogger(Migrations.class.getName());
  private static final Logger MESSAGE_STORE = Logger.getLogger("org.msgstore.store.MessageStore");
  private static final Logger UNIT_OF_WORK = Logger.getLogger("org.msgstore.store.UnitOfWork");
  private static final Logger STORE_EVENTS = Logger.getLogger("org.msgstore.store.StoreEvents");
  private static final Logger QUEUE_SIGNAL = Logger.getLogger("org.msgstore.store.QueueSignal");

  private StoreLog() {}

  static void schemaMigrated(String version, int migrationsNow) {
    SCHEMA_MIGRATED.log(
        MIGRATIONS,
        () ->
            SCHEMA_MIGRATED.space(
                "store schema at version "
                    + version
                    + " ("
                    + migrationsNow
                    + " migrations applied now)"),
        null);
  }

  /**
   * @param settings the store's settings (their {@code toString} masks secrets)
   */
  public static void storeOpen(
      Object settings, String dialect, String schema, boolean skipLocked, boolean severalNodes) {
    STORE_OPEN.log(
        MESSAGE_STORE,
        () ->
            STORE_OPEN.space(
                "store open: "
                    + settings
                    + ", dialect "
                    + dialect
                    + ", schema "
                    + schema
                    + ", skipLocked="
                    + skipLocked
                    + ", severalNodes="
                    + severalNodes),
        null);
  }

  public static void mailboxCreated(String mailbox) {
    MAILBOX_CREATED.log(
        MESSAGE_STORE,
        () -> MAILBOX_CREATED.space("mailbox '" + mailbox + "' created with its folders"),
        null);
  }

  public static void statementFailed(String what, SQLException e) {
    STATEMENT_FAILED.log(UNIT_OF_WORK, () -> STATEMENT_FAILED.space(what + " failed"), e);
  }

  public static void queueListenerFailed(Object listener, Object event, Throwable e) {
    QUEUE_LISTENER_FAILED.log(
        STORE_EVENTS,
        () -> QUEUE_LISTENER_FAILED.space("queue listener " + listener + " failed on " + event),
        e);
  }

  public static void newMailListenerFailed(Object listener, Object event, Throwable e) {
    NEW_MAIL_LISTENER_FAILED.log(
        STORE_EVENTS,
        () ->
            NEW_MAIL_LISTENER_FAILED.space("new-mail listener " + listener + " failed on " + event),
        e);
  }

  /**
   * @param role what the signal was doing: "announcing" or "listening"
   */
  public static void queueSignalFailed(String role, SQLException e) {
    QUEUE_SIGNAL_FAILED.log(
        QUEUE_SIGNAL,
        () ->
            QUEUE_SIGNAL_FAILED.space(
                "the queue signal between servers failed while "
                    + role
                    + "; tried again with a growing pause, other servers poll meanwhile"),
        e);
  }

  public static void queueSignalResumed(String role) {
    QUEUE_SIGNAL_RESUMED.log(
        QUEUE_SIGNAL,
        () -> QUEUE_SIGNAL_RESUMED.space("the queue signal between servers is " + role + " again"),
        null);
  }

  public static void queueSignalUnavailable(SQLException e) {
    QUEUE_SIGNAL_UNAVAILABLE.log(
        QUEUE_SIGNAL,
        () ->
            QUEUE_SIGNAL_UNAVAILABLE.space(
                "this server's spooler hears of messages queued by other servers only at its"
                    + " poll: "
                    + e.getMessage()),
        null);
  }
}
