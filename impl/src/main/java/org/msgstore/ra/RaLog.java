package org.msgstore.ra;

import static org.msgstore.log.LogCode.Severity.EXCEPTION;
import static org.msgstore.log.LogCode.Severity.FINE;
import static org.msgstore.log.LogCode.Severity.INFO;
import static org.msgstore.log.LogCode.Severity.SEVERE;
import static org.msgstore.log.LogCode.Severity.WARNING;

import java.util.List;
import java.util.logging.Logger;
import org.msgstore.log.LogCode;

/**
 * The adapter's log catalog (MSGS1xxx but the inflow's MSGS103x): every message the {@code
 * org.msgstore.ra} package logs or puts in an exception is one method here, which fixes its code,
 * level and text. It is longer than ~300 lines because it is the list of those messages; the
 * inflow's are in {@code org.msgstore.ra.inflow.InflowLog}.
 */
final class RaLog {
  static final LogCode ADAPTER_STARTED =
      new LogCode(
          "MSGS1001",
          INFO,
          "The adapter started; the line lists the settings in force, secrets masked.",
          "");
  static final LogCode ADAPTER_STOPPED =
      new LogCode("MSGS1002", INFO, "The adapter stopped (undeploy or server shutdown).", "");
  static final LogCode INVALID_CONFIGURATION =
      new LogCode(
          "MSGS1003",
          EXCEPTION,
          "The adapter did not start: its configuration is invalid (every problem is listed in"
              + " the one message), the store directory cannot be created, or a transport did not"
              + " start.",
          "Correct the named config-properties and redeploy or restart the adapter.");
  static final LogCode STORE_OPEN_FAILED =
      new LogCode(
          "MSGS1004",
          EXCEPTION,
          "The adapter did not start: the message store database cannot be opened.",
          "Check jdbcUrl and its credentials, or the dataSource and storeSchema, and that the"
              + " database is reachable; see the cause.");
  static final LogCode STORE_CLOSE_FAILED =
      new LogCode(
          "MSGS1005",
          WARNING,
          "Closing the message store at adapter stop failed; the stop goes on.",
          "None usually; see the cause if the database keeps files locked.");
  static final LogCode SETTINGS_FROZEN =
      new LogCode(
          "MSGS1006",
          EXCEPTION,
          "A config-property was changed while the adapter runs.",
          "Change it while the adapter is stopped, then restart the adapter.");
  static final LogCode NOT_ASSOCIATED =
      new LogCode(
          "MSGS1010",
          EXCEPTION,
          "A connection was asked of an adapter that is not running, or a connection definition"
              + " is associated with something other than the MsgStore adapter.",
          "Find why the adapter did not start ("
              + INVALID_CONFIGURATION.id()
              + ", "
              + STORE_OPEN_FAILED.id()
              + "); define connections inside"
              + " msgstore.rar.");
  static final LogCode PHYSICAL_OPEN_FAILED =
      new LogCode(
          "MSGS1011",
          EXCEPTION,
          "A new connection to the store database cannot be opened or used.",
          "Check that the database is reachable and its connection limits; see the cause.");
  static final LogCode PHYSICAL_CLOSE_FAILED =
      new LogCode(
          "MSGS1012",
          WARNING,
          "Closing a connection to the store database failed (logged for unpooled connections,"
              + " the exception text otherwise).",
          "None usually; see the cause.");
  static final LogCode CONNECTION_BROKEN =
      new LogCode(
          "MSGS1013",
          WARNING,
          "A connection to the store database broke; the pool replaces it.",
          "Check the database and the network if it repeats.");
  static final LogCode MC_DESTROYED =
      new LogCode(
          "MSGS1014",
          EXCEPTION,
          "A connection handle or managed connection was used after the server destroyed it.",
          "Application: get a new connection from the MessageStoreConnectionFactory.");
  static final LogCode HANDLE_CLOSED =
      new LogCode(
          "MSGS1015",
          EXCEPTION,
          "A connection handle was used after it was closed.",
          "Application: do not keep connection handles past close; get a new one.");
  static final LogCode FOREIGN_OBJECT =
      new LogCode(
          "MSGS1016",
          EXCEPTION,
          "The server passed an object of another resource adapter to MsgStore.",
          "Check the server's connection pool configuration for msgstore.rar.");
  static final LogCode INVALID_MAILBOX =
      new LogCode(
          "MSGS1017",
          EXCEPTION,
          "A mailbox name is empty, too long or contains a control character.",
          "Application: pass a valid mailbox name.");
  static final LogCode ALLOCATION_FAILED =
      new LogCode(
          "MSGS1018",
          EXCEPTION,
          "The server could not give a MsgStore connection for a mailbox.",
          "See the cause (pool exhausted, adapter not running, database down).");
  static final LogCode AFTER_COMMIT_FAILED =
      new LogCode(
          "MSGS1020",
          SEVERE,
          "An action registered to run after a commit failed; the commit itself stands.",
          "See the cause; the action's work may be missing.");
  static final LogCode NO_SYNCHRONIZATION_REGISTRY =
      new LogCode(
          "MSGS1021",
          EXCEPTION,
          "MsgStore cannot act after the commit: no transaction on this connection, or the"
              + " container offers no TransactionSynchronizationRegistry.",
          "Application: call it inside a transaction; use a Jakarta EE container.");
  static final LogCode LOCAL_TX_STATE =
      new LogCode(
          "MSGS1022",
          EXCEPTION,
          "A local transaction call came out of order (begin twice, commit without begin, begin"
              + " inside XA) or the database refused it.",
          "Application or container: check the transaction demarcation; see the cause.");
  static final LogCode RESET_FAILED =
      new LogCode(
          "MSGS1023",
          EXCEPTION,
          "Resetting a pooled connection for reuse failed; the connection is dropped.",
          "None usually; see the cause if it repeats.");
  static final LogCode PREPARED_BRANCH_CLOSED =
      new LogCode(
          "MSGS1024",
          WARNING,
          "A connection was destroyed with prepared, undecided XA branches; on H2 they are rolled"
              + " back.",
          "Check the transaction manager's recovery; use PostgreSQL for XA recovery.");
  static final LogCode ROLLBACK_ONLY =
      new LogCode(
          "MSGS1025",
          EXCEPTION,
          "A submit in a transaction marked rollback-only: nothing submitted in it could be sent.",
          "Application: submit in a transaction that can still commit.");
  static final LogCode INFLOW_NOT_AVAILABLE =
      new LogCode(
          "MSGS1030",
          EXCEPTION,
          "An endpoint asked for a message listener other than NewMailListener.",
          "Application: implement org.msgstore.inflow.NewMailListener.");
  static final LogCode SPOOLER_STARTED =
      new LogCode(
          "MSGS1040",
          INFO,
          "The spooler started: its node name, transports and delivery threads.",
          "");
  static final LogCode SPOOLER_NOT_SCHEDULED =
      new LogCode(
          "MSGS1041",
          EXCEPTION,
          "The adapter did not start: the WorkManager refused the spooler's work.",
          "Check the server's WorkManager (thread pool) for the adapter.");
  static final LogCode SPOOLER_STOP_SLOW =
      new LogCode(
          "MSGS1042",
          WARNING,
          "The spooler did not stop within its bound; its locks lapse with their lease.",
          "None usually: messages in flight are retried; check slow transports if it repeats.");
  static final LogCode SPOOLER_DISABLED =
      new LogCode(
          "MSGS1043",
          INFO,
          "spoolerEnabled=false: messages are queued but not sent by this server.",
          "Run a spooler on another node, or set spoolerEnabled=true.");
  static final LogCode SPOOLER_MBEAN_FAILED =
      new LogCode(
          "MSGS1044",
          WARNING,
          "The spooler's MBean could not be registered; only its status over JMX is missing.",
          "See the cause (for example a name clash with another deployment).");
  static final LogCode DATA_SOURCE_NOT_FOUND =
      new LogCode(
          "MSGS1050",
          EXCEPTION,
          "The adapter did not start: the dataSource JNDI name does not name a javax.sql.DataSource"
              + " (not bound within the wait, or something else is bound there).",
          "Define the datasource in the server (or correct the name), then redeploy the adapter.");
  static final LogCode DATA_SOURCE_CONNECTION_FAILED =
      new LogCode(
          "MSGS1051",
          EXCEPTION,
          "dataSource gave no usable connection for a store call.",
          "Check the datasource's pool (size, validation) and the database; see the cause.");
  static final LogCode ENLISTED_IN_DATA_SOURCE_MODE =
      new LogCode(
          "MSGS1052",
          EXCEPTION,
          "The container asked a MsgStore connection on the application's datasource for a"
              + " transaction of its own (an XA or local transaction): its connection definition"
              + " is configured for one, and the transaction would have two resources.",
          "Set transaction-support NoTransaction on the MsgStore connection definition.");
  static final LogCode DATA_SOURCE_CONNECTION_NOT_RETURNED =
      new LogCode(
          "MSGS1053",
          WARNING,
          "Closing a dataSource connection after a store call failed; the pool decides its fate.",
          "None usually; see the cause if it repeats.");
  static final LogCode OUTSIDE_TRANSACTION_REFUSED =
      new LogCode(
          "MSGS1054",
          EXCEPTION,
          "A mailbox could not be created outside the caller's transaction: the WorkManager ran"
              + " no thread for it within the bound.",
          "Retry; if it repeats, give the adapter's WorkManager more threads.");
  static final LogCode STORE_DIRECTORY_MADE_PRIVATE =
      new LogCode(
          "MSGS1055",
          WARNING,
          "The embedded store's directory was open to other users of the machine (an earlier"
              + " version created it with the umask); it was made private to the server's user"
              + " (rwx------) and its files rw-------.",
          "None; check that no other program needed to read the directory.");
  static final LogCode STORE_DIRECTORY_NOT_PRIVATE =
      new LogCode(
          "MSGS1056",
          WARNING,
          "The embedded store's directory or its files could not be made private to the server's"
              + " user (it belongs to another user, say); the store works, but other users of the"
              + " machine may read the mail in it.",
          "Have the directory belong to the server's user, or chmod 700 it and chmod 600 its"
              + " files.");
  static final LogCode QUEUE_SIGNAL_NOT_SCHEDULED =
      new LogCode(
          "MSGS1057",
          WARNING,
          "The WorkManager refused the long-running work that carries the queue signal between"
              + " servers (PostgreSQL NOTIFY/LISTEN): spoolers hear of messages this server queues,"
              + " or this spooler of other servers' messages, only at their poll.",
          "Give the adapter's WorkManager a free long-running thread.");
  static final LogCode CONNECTION_BEFORE_START =
      new LogCode(
          "MSGS1070",
          FINE,
          "The server asked for a connection before the adapter's start had ended (its transaction"
              + " manager's first recovery scans do): it got one whose recovery answers XAER_RMFAIL"
              + " (unavailable, ask again; never an empty list, which would make the transaction"
              + " manager forget the store's branches), which it replaces at its next scan; what"
              + " the store holds in doubt is recovered by the first scan after the start.",
          "");
  static final LogCode REFUSED_BEFORE_START =
      new LogCode(
          "MSGS1071",
          WARNING,
          "An application asked for a connection while the adapter's start had not ended (the"
              + " server had not started msgstore.rar yet): refused with MAPI_E_NOT_INITIALIZED at"
              + " the call, instead of a connection whose every call would fail.",
          "Application: try again once the adapter runs (its start logs "
              + ADAPTER_STARTED.id()
              + "); make the application depend on msgstore.rar so it starts after it.");

  /** Every code of this catalog, for the docs and the catalog test. */
  static final List<LogCode> CODES =
      List.of(
          ADAPTER_STARTED,
          ADAPTER_STOPPED,
          INVALID_CONFIGURATION,
          STORE_OPEN_FAILED,
          STORE_CLOSE_FAILED,
          SETTINGS_FROZEN,
          NOT_ASSOCIATED,
          PHYSICAL_OPEN_FAILED,
          PHYSICAL_CLOSE_FAILED,
          CONNECTION_BROKEN,
          MC_DESTROYED,
          HANDLE_CLOSED,
          FOREIGN_OBJECT,
          INVALID_MAILBOX,
          ALLOCATION_FAILED,
          AFTER_COMMIT_FAILED,
          NO_SYNCHRONIZATION_REGISTRY,
          LOCAL_TX_STATE,
          RESET_FAILED,
          PREPARED_BRANCH_CLOSED,
          ROLLBACK_ONLY,
          INFLOW_NOT_AVAILABLE,
          SPOOLER_STARTED,
          SPOOLER_NOT_SCHEDULED,
          SPOOLER_STOP_SLOW,
          SPOOLER_DISABLED,
          SPOOLER_MBEAN_FAILED,
          DATA_SOURCE_NOT_FOUND,
          DATA_SOURCE_CONNECTION_FAILED,
          ENLISTED_IN_DATA_SOURCE_MODE,
          DATA_SOURCE_CONNECTION_NOT_RETURNED,
          OUTSIDE_TRANSACTION_REFUSED,
          STORE_DIRECTORY_MADE_PRIVATE,
          STORE_DIRECTORY_NOT_PRIVATE,
          QUEUE_SIGNAL_NOT_SCHEDULED,
          CONNECTION_BEFORE_START,
          REFUSED_BEFORE_START);

  private static final Logger LOG = Logger.getLogger("org.msgstore.ra");

  private RaLog() {}

  // ---- lifecycle

  static void adapterStarted(AdapterSettings settings) {
    ADAPTER_STARTED.log(
        LOG, () -> ADAPTER_STARTED.colon("MsgStore resource adapter started: " + settings), null);
  }

  static void adapterStopped() {
    ADAPTER_STOPPED.log(
        LOG, () -> ADAPTER_STOPPED.colon("MsgStore resource adapter stopped"), null);
  }

  static String configurationInvalid(List<String> problems) {
    return INVALID_CONFIGURATION.colon(
        "MsgStore resource adapter configuration is invalid ("
            + problems.size()
            + " problem"
            + (problems.size() == 1 ? "" : "s")
            + "): "
            + String.join("; ", problems));
  }

  static String connectionDefinitionInvalid(List<String> problems) {
    return INVALID_CONFIGURATION.colon(
        "MsgStore connection definition configuration is invalid: " + String.join("; ", problems));
  }

  static String spoolerConfigurationInvalid(List<String> problems) {
    return INVALID_CONFIGURATION.colon(String.join("; ", problems));
  }

  static String transportDidNotStart(Exception e) {
    return INVALID_CONFIGURATION.colon("a transport did not start: " + e.getMessage());
  }

  static String storeDirectoryNotCreated(Object storeDirectory, Exception e) {
    return INVALID_CONFIGURATION.colon(
        "cannot create storeDirectory '"
            + storeDirectory
            + "' for the embedded database: "
            + e
            + "; set storeDirectory to a writable directory");
  }

  static void storeDirectoryMadePrivate(Object dir, String was) {
    STORE_DIRECTORY_MADE_PRIVATE.log(
        LOG,
        () ->
            STORE_DIRECTORY_MADE_PRIVATE.colon(
                "storeDirectory '"
                    + dir
                    + "' was "
                    + was
                    + ", readable by other users; made rwx------ and its files rw-------"),
        null);
  }

  static void queueSignalNotScheduled(String role, Exception e) {
    QUEUE_SIGNAL_NOT_SCHEDULED.log(
        LOG,
        () ->
            QUEUE_SIGNAL_NOT_SCHEDULED.colon(
                "the queue signal between servers (" + role + ") could not be scheduled"),
        e);
  }

  static void storeDirectoryNotPrivate(Object dir, String was, Throwable e) {
    STORE_DIRECTORY_NOT_PRIVATE.log(
        LOG,
        () ->
            STORE_DIRECTORY_NOT_PRIVATE.colon(
                "storeDirectory '"
                    + dir
                    + "' ("
                    + was
                    + ") or its files could not be made private to the server's user; chmod 700"
                    + " it and 600 its files"),
        e);
  }

  static String storeOpenFailed(String maskedUrl, Exception e) {
    return STORE_OPEN_FAILED.colon(
        "cannot open the message store at "
            + maskedUrl
            + ": "
            + org.msgstore.config.Setting.maskUrlPassword(String.valueOf(e.getMessage())));
  }

  static String dataSourceNotFound(String name, long waitedMs, Exception e) {
    return DATA_SOURCE_NOT_FOUND.colon(
        "dataSource '"
            + name
            + "' is not a DataSource bound in JNDI (waited "
            + waitedMs
            + " ms): "
            + e.getMessage()
            + "; define the datasource in the server or correct the name");
  }

  static String dataSourceConnectionFailed(String name, Exception e) {
    return DATA_SOURCE_CONNECTION_FAILED.colon(
        "dataSource '" + name + "' gave no usable connection: " + e.getMessage());
  }

  static String enlistedInDataSourceMode(String name, String asked) {
    return ENLISTED_IN_DATA_SOURCE_MODE.colon(
        "the store is in dataSource '"
            + name
            + "', whose connection carries the transaction, but the container asked the MsgStore"
            + " connection definition for a "
            + asked
            + " of its own; set transaction-support to NoTransaction on the MsgStore connection"
            + " definition (WildFly: <transaction-support>NoTransaction</transaction-support> of"
            + " the resource adapter; Payara: --transactionsupport NoTransaction on its connector"
            + " pool)");
  }

  static void dataSourceConnectionNotReturned(String name, Exception e) {
    DATA_SOURCE_CONNECTION_NOT_RETURNED.log(
        LOG,
        () ->
            DATA_SOURCE_CONNECTION_NOT_RETURNED.colon(
                "closing a connection of dataSource '" + name + "' failed"),
        e);
  }

  static String outsideTransactionRefused(Exception e) {
    return OUTSIDE_TRANSACTION_REFUSED.colon(
        "creating the mailbox outside the caller's transaction found no WorkManager thread: "
            + e.getMessage()
            + "; retry");
  }

  static void storeCloseFailed(Throwable e) {
    STORE_CLOSE_FAILED.log(
        LOG, () -> STORE_CLOSE_FAILED.colon("closing the message store failed"), e);
  }

  static String settingFrozen(String setting) {
    return SETTINGS_FROZEN.colon(
        "config-property "
            + setting
            + " cannot change while the MsgStore adapter runs; change it and restart the"
            + " adapter");
  }

  // ---- association with the adapter

  static String notTheMsgStoreAdapter(Object adapter) {
    return NOT_ASSOCIATED.colon(
        "a MsgStore connection definition needs the MsgStore resource adapter, not "
            + (adapter == null ? "null" : adapter.getClass().getName()));
  }

  static void connectionBeforeStart() {
    CONNECTION_BEFORE_START.log(
        LOG,
        () ->
            CONNECTION_BEFORE_START.colon(
                "a connection was asked for before the MsgStore adapter started; its recovery"
                    + " answers XAER_RMFAIL (ask again) and it is replaced at the next recovery"
                    + " scan"),
        null);
  }

  static String refusedBeforeStart(String mailbox) {
    String text =
        REFUSED_BEFORE_START.colon(
            "no MsgStore connection for "
                + (mailbox == null ? "the caller's mailbox" : "mailbox '" + mailbox + "'")
                + ": the MsgStore resource adapter has not started yet (its start has not"
                + " ended); try again once it runs ("
                + ADAPTER_STARTED.id()
                + " in the server log)");
    REFUSED_BEFORE_START.log(LOG, () -> text, null);
    return text;
  }

  static String adapterOfDefinitionNotRunning() {
    return NOT_ASSOCIATED.colon(
        "the MsgStore resource adapter of this connection definition is not running: its"
            + " start failed or it was stopped (see the server log for "
            + INVALID_CONFIGURATION.id()
            + "/"
            + STORE_OPEN_FAILED.id()
            + "), or the connection is defined outside msgstore.rar");
  }

  static String adapterNotStarted() {
    return NOT_ASSOCIATED.colon(
        "the MsgStore resource adapter is not started; deploy msgstore.rar and check the"
            + " server log for why it did not start");
  }

  static String inflowNotAvailable(Object spec) {
    return INFLOW_NOT_AVAILABLE.colon(
        "MsgStore delivers only to org.msgstore.inflow.NewMailListener endpoints, not " + spec);
  }

  // ---- physical and managed connections

  static String physicalOpenFailed(Exception e) {
    return PHYSICAL_OPEN_FAILED.colon(
        "cannot open a connection to the MsgStore database: " + e.getMessage());
  }

  static String physicalUnusable(Exception e) {
    return PHYSICAL_OPEN_FAILED.colon(
        "cannot use the new connection to the MsgStore database: " + e.getMessage());
  }

  static String physicalCloseFailed(Exception e) {
    return PHYSICAL_CLOSE_FAILED.colon(
        "closing the connection to the MsgStore database failed: " + e.getMessage());
  }

  static void unpooledCloseFailed(Throwable e) {
    PHYSICAL_CLOSE_FAILED.log(
        LOG,
        () -> PHYSICAL_CLOSE_FAILED.colon("closing an unpooled MsgStore connection failed"),
        e);
  }

  static void connectionBroken(Throwable failure) {
    CONNECTION_BROKEN.log(
        LOG,
        () ->
            CONNECTION_BROKEN.colon(
                "the connection to the MsgStore database is broken; the pool will replace it"),
        failure);
  }

  static String handleOnDestroyedConnection() {
    return MC_DESTROYED.colon(
        "the MsgStore connection behind this connection handle was closed by the server"
            + " (destroyed); get a new connection from the MessageStoreConnectionFactory");
  }

  static String destroyedConnectionUsed(String operation) {
    return MC_DESTROYED.colon(
        operation + " on a destroyed MsgStore managed connection; the pool must not reuse it");
  }

  static String closedHandleAssociated() {
    return HANDLE_CLOSED.colon(
        "cannot associate a MsgStore connection handle the application already closed");
  }

  static String handleClosed(boolean byServer, String mailbox) {
    return HANDLE_CLOSED.colon(
        "this MsgStore connection handle was closed"
            + (byServer ? " by the server (its use ended)" : "")
            + " (mailbox '"
            + mailbox
            + "'); get a new connection from the MessageStoreConnectionFactory");
  }

  static String foreignObject(String what, Object object) {
    return FOREIGN_OBJECT.colon(
        "not a MsgStore " + what + ": " + (object == null ? "null" : object.getClass().getName()));
  }

  static String mailboxEmpty() {
    return INVALID_MAILBOX.colon("a mailbox name cannot be empty");
  }

  static String mailboxTooLong(int length, int max) {
    return INVALID_MAILBOX.colon(
        "mailbox name is " + length + " characters long; at most " + max + " are allowed");
  }

  static String mailboxControlCharacter(String mailbox, int index) {
    return INVALID_MAILBOX.colon(
        "mailbox name '"
            + mailbox.replaceAll("\\p{Cntrl}", "?")
            + "' contains a control character at index "
            + index);
  }

  static String allocationFailed(String mailbox, Exception e) {
    return ALLOCATION_FAILED.colon(
        "could not get a MsgStore connection for mailbox '" + mailbox + "': " + e.getMessage());
  }

  static String resetFailed(Exception e) {
    return RESET_FAILED.colon("resetting the MsgStore connection failed: " + e.getMessage());
  }

  static void preparedBranchesClosed(int undecided) {
    PREPARED_BRANCH_CLOSED.log(
        LOG,
        () ->
            PREPARED_BRANCH_CLOSED.colon(
                "destroying a MsgStore connection with "
                    + undecided
                    + " prepared, undecided transaction branch(es); on H2 they are rolled back"),
        null);
  }

  // ---- transactions

  static void afterCommitFailed(Throwable e) {
    AFTER_COMMIT_FAILED.log(
        LOG, () -> AFTER_COMMIT_FAILED.colon("an after-commit action failed"), e);
  }

  static String afterCommitWithoutTransaction() {
    return NO_SYNCHRONIZATION_REGISTRY.colon(
        "afterCommit needs an active transaction on this MsgStore connection");
  }

  static String noSynchronizationRegistry() {
    return NO_SYNCHRONIZATION_REGISTRY.colon(
        "the container offers no TransactionSynchronizationRegistry, so MsgStore cannot act"
            + " after a global transaction commits");
  }

  static String rollbackOnly() {
    return ROLLBACK_ONLY.colon(
        "the current transaction is marked rollback-only, so nothing submitted in it could be"
            + " sent; submit in a transaction that can still commit");
  }

  static String localBeginInsideGlobal() {
    return LOCAL_TX_STATE.colon(
        "cannot begin a local transaction while a global (XA) transaction is active");
  }

  static String localAlreadyActive() {
    return LOCAL_TX_STATE.colon(
        "a local transaction is already active on this MsgStore connection");
  }

  static String localNotActive(String operation) {
    return LOCAL_TX_STATE.colon(operation + " without an active local transaction");
  }

  static String localFailed(String operation, Exception e) {
    return LOCAL_TX_STATE.colon("local transaction " + operation + " failed: " + e.getMessage());
  }

  // ---- spooler

  static void spoolerStarted(String node, List<String> transports, int threads) {
    SPOOLER_STARTED.log(
        LOG,
        () ->
            SPOOLER_STARTED.colon(
                "spooler started on the WorkManager as node '"
                    + node
                    + "' with transports "
                    + transports
                    + " and "
                    + threads
                    + " delivery threads"),
        null);
  }

  static String spoolerNotScheduled(Exception e) {
    return SPOOLER_NOT_SCHEDULED.colon("the WorkManager refused the spooler: " + e.getMessage());
  }

  static void spoolerStopSlow(long timeoutMs) {
    SPOOLER_STOP_SLOW.log(
        LOG,
        () ->
            SPOOLER_STOP_SLOW.colon(
                "the spooler did not stop within "
                    + timeoutMs
                    + " ms; its locks lapse with their lease"),
        null);
  }

  static void spoolerDisabled() {
    SPOOLER_DISABLED.log(
        LOG,
        () ->
            SPOOLER_DISABLED.colon(
                "spoolerEnabled=false: messages are queued but not sent by this server"),
        null);
  }

  static void spoolerMBeanFailed(Object objectName, Throwable e) {
    SPOOLER_MBEAN_FAILED.log(
        LOG, () -> SPOOLER_MBEAN_FAILED.colon("cannot register the MBean " + objectName), e);
  }
}
