package org.msgstore.bounce;

import static org.msgstore.log.LogCode.Severity.EXCEPTION;
import static org.msgstore.log.LogCode.Severity.INFO;
import static org.msgstore.log.LogCode.Severity.SEVERE;
import static org.msgstore.log.LogCode.Severity.WARNING;

import java.time.Duration;
import java.util.List;
import java.util.logging.Logger;
import org.msgstore.log.LogCode;

/**
 * The bounce intake's and the suppression list administration's log catalog (MSGS50xx): every
 * message of this package is one method here, which fixes its code, level and text. A report left
 * in the mailbox is always logged with the reason, so nothing is dropped silently. Public only for
 * the adapter's two messages about starting the intake and its MBeans.
 */
public final class BounceLog {
  static final LogCode INTAKE_STARTED =
      new LogCode(
          "MSGS5001",
          INFO,
          "The bounce intake started reading the bounce mailbox (user, host and folder named; the"
              + " password never).",
          "");
  static final LogCode INTAKE_STOPPED =
      new LogCode(
          "MSGS5002", INFO, "The bounce intake stopped, with its counts since the start.", "");
  static final LogCode MAILBOX_UNREACHABLE =
      new LogCode(
          "MSGS5003",
          WARNING,
          "The bounce mailbox could not be opened or read (connection, login, folder): nothing"
              + " was lost, the reports wait in the mailbox; the intake tries again after the"
              + " wait named, doubling it while the failure lasts.",
          "Check bounceMailbox and bounceMailboxPassword, the mail server and the network.");
  static final LogCode MAILBOX_REACHABLE =
      new LogCode(
          "MSGS5004",
          INFO,
          "The bounce mailbox is open (again), and how it is watched: IMAP IDLE, or polling"
              + " every bounceMailboxPollMs.",
          "");
  static final LogCode UNPARSEABLE =
      new LogCode(
          "MSGS5005",
          WARNING,
          "A message in the bounce mailbox is no delivery report or complaint MsgStore reads (a"
              + " reply, a vacation notice, a relay's plain-text bounce): left in the mailbox,"
              + " marked $MsgStoreUnmatched on IMAP, and counted as unparseable.",
          "Read it in the mailbox; delete it there when it needs nothing.");
  static final LogCode UNMATCHED =
      new LogCode(
          "MSGS5006",
          WARNING,
          "A report carries no bounce token (nor a signed ENVID), or its token names a message or"
              + " recipient the store does not have: left in the mailbox, marked"
              + " $MsgStoreUnmatched on IMAP, and counted as unmatched.",
          "Usually mail sent before bounceAddress was set, or by another system to this address;"
              + " read it in the mailbox.");
  static final LogCode FORGED =
      new LogCode(
          "MSGS5007",
          WARNING,
          "A report's bounce address has the form of a token that none of bounceSigningKeys"
              + " signed (forged, damaged, or signed with a key removed since): no NDR, nothing"
              + " suppressed; left in the mailbox, marked $MsgStoreUnmatched on IMAP, counted as"
              + " forged.",
          "If keys were rotated, keep the old key in bounceSigningKeys (after the new one) while"
              + " its bounces may come back.");
  static final LogCode RECORDED =
      new LogCode(
          "MSGS5008",
          INFO,
          "A report was recorded in the store (the recipient's outcome; an NDR in the sender's"
              + " Inbox, a delay, a delivery notice or a complaint) and then marked processed in"
              + " the mailbox.",
          "");
  static final LogCode ALREADY_RECORDED =
      new LogCode(
          "MSGS5009",
          INFO,
          "A report read again was recorded before (the mailbox was not updated after the"
              + " commit: a crash, a failed flag, or two servers reading one mailbox): nothing"
              + " written twice; it is marked processed now.",
          "");
  static final LogCode NOT_RECORDED =
      new LogCode(
          "MSGS5010",
          WARNING,
          "A report could not be recorded in the store (database unreachable, a lock): it stays"
              + " unmarked in the mailbox and is read again at the next round.",
          "See the cause; check the store database if it repeats.");
  static final LogCode NOT_MARKED =
      new LogCode(
          "MSGS5011",
          WARNING,
          "A recorded report could not be flagged, moved or deleted in the mailbox: it is read"
              + " again and found recorded ("
              + ALREADY_RECORDED.id()
              + "), so no second report is written.",
          "Check the mailbox's permissions and, for move:FOLDER, that the folder exists.");
  static final LogCode POLLING =
      new LogCode(
          "MSGS5012",
          INFO,
          "The IMAP server offers no IDLE (or the mail implementation does not): the bounce"
              + " mailbox is polled every bounceMailboxPollMs.",
          "");
  static final LogCode ROUND_FAILED =
      new LogCode(
          "MSGS5013",
          SEVERE,
          "A round of the bounce intake failed unexpectedly; the intake keeps running and tries"
              + " again after bounceMailboxPollMs.",
          "See the cause; report it if it repeats.");
  static final LogCode SUPPRESSION_ADDED =
      new LogCode(
          "MSGS5014",
          INFO,
          "An administrator put an address on the suppression list (JMX): mail to it is not sent,"
              + " its recipients get an NDR at once.",
          "");
  static final LogCode SUPPRESSION_REMOVED =
      new LogCode(
          "MSGS5015",
          INFO,
          "An administrator took an address off the suppression list (JMX), or it was not on it.",
          "");
  static final LogCode SUPPRESSION_PURGED =
      new LogCode(
          "MSGS5016",
          INFO,
          "Suppression list entries whose suppressionExpiryDays ran out were deleted.",
          "");
  static final LogCode STOP_SLOW =
      new LogCode(
          "MSGS5017",
          WARNING,
          "The bounce intake did not end within its bound when the adapter stopped; its mailbox"
              + " connection was closed under it. Nothing is lost: an unmarked report is read"
              + " again.",
          "None usually; a mail server that does not answer holds a read until its timeout.");
  static final LogCode INTAKE_NOT_SCHEDULED =
      new LogCode(
          "MSGS5018",
          EXCEPTION,
          "The WorkManager refused the bounce intake's Work: the adapter does not start.",
          "See the cause; the server's thread pool for resource adapters may be exhausted.");
  static final LogCode MBEAN_FAILED =
      new LogCode(
          "MSGS5019",
          WARNING,
          "The suppression list's or the bounce intake's MBean could not be registered: they are"
              + " then not visible over JMX; the adapter and the intake run on.",
          "See the cause (usually the MBeanServer's permissions).");

  /** Every code of this catalog, for the docs and the catalog test. */
  static final List<LogCode> CODES =
      List.of(
          INTAKE_STARTED,
          INTAKE_STOPPED,
          MAILBOX_UNREACHABLE,
          MAILBOX_REACHABLE,
          UNPARSEABLE,
          UNMATCHED,
          FORGED,
          RECORDED,
          ALREADY_RECORDED,
          NOT_RECORDED,
          NOT_MARKED,
          POLLING,
          ROUND_FAILED,
          SUPPRESSION_ADDED,
          SUPPRESSION_REMOVED,
          SUPPRESSION_PURGED,
          STOP_SLOW,
          INTAKE_NOT_SCHEDULED,
          MBEAN_FAILED);

  private static final Logger INTAKE = Logger.getLogger(BounceIntake.class.getName());
  private static final Logger SUPPRESSION = Logger.getLogger(SuppressionAdmin.class.getName());

  private BounceLog() {}

  static void intakeStarted(IntakeSettings s) {
    INTAKE_STARTED.log(
        INTAKE,
        () ->
            INTAKE_STARTED.space(
                "bounce intake reads "
                    + s.mailbox()
                    + "; recorded reports are "
                    + switch (s.processed()) {
                      case FLAG -> "flagged $MsgStoreProcessed";
                      case MOVE -> "moved to " + s.moveTo();
                      case DELETE -> "deleted";
                    }),
        null);
  }

  static void intakeStopped(IntakeCounters c) {
    INTAKE_STOPPED.log(
        INTAKE, () -> INTAKE_STOPPED.space("bounce intake stopped; " + c.summary()), null);
  }

  static void mailboxUnreachable(String mailbox, Duration retryIn, Throwable e) {
    MAILBOX_UNREACHABLE.log(
        INTAKE,
        () ->
            MAILBOX_UNREACHABLE.space(
                "bounce mailbox "
                    + mailbox
                    + " cannot be read ("
                    + e
                    + "); trying again in "
                    + retryIn.toMillis()
                    + " ms"),
        e);
  }

  static void mailboxReachable(String mailbox, boolean idle) {
    MAILBOX_REACHABLE.log(
        INTAKE,
        () ->
            MAILBOX_REACHABLE.space(
                "bounce mailbox "
                    + mailbox
                    + " is open; "
                    + (idle ? "watched with IMAP IDLE" : "polled")),
        null);
  }

  static void unparseable(String which, String reason) {
    UNPARSEABLE.log(
        INTAKE,
        () ->
            UNPARSEABLE.space("left in the bounce mailbox, not a report: " + which + ": " + reason),
        null);
  }

  static void unmatched(String which, String reason) {
    UNMATCHED.log(
        INTAKE,
        () -> UNMATCHED.space("left in the bounce mailbox, unmatched: " + which + ": " + reason),
        null);
  }

  static void forged(String which, String address) {
    FORGED.log(
        INTAKE,
        () ->
            FORGED.space(
                "left in the bounce mailbox, token not signed by any bounceSigningKeys key: "
                    + which
                    + " (address "
                    + address
                    + ")"),
        null);
  }

  static void recorded(String which, String what) {
    RECORDED.log(INTAKE, () -> RECORDED.space("recorded " + which + ": " + what), null);
  }

  static void alreadyRecorded(String which) {
    ALREADY_RECORDED.log(
        INTAKE,
        () ->
            ALREADY_RECORDED.space("read again, recorded before (nothing written twice): " + which),
        null);
  }

  static void notRecorded(String which, Throwable e) {
    NOT_RECORDED.log(
        INTAKE,
        () ->
            NOT_RECORDED.space(
                "could not record " + which + " in the store; it is read again next round"),
        e);
  }

  static void notMarked(String which, Throwable e) {
    NOT_MARKED.log(
        INTAKE,
        () ->
            NOT_MARKED.space(
                "recorded, but could not mark "
                    + which
                    + " in the bounce mailbox; read again, it writes nothing twice"),
        e);
  }

  static void polling(String mailbox, Duration every) {
    POLLING.log(
        INTAKE,
        () ->
            POLLING.space(
                "bounce mailbox "
                    + mailbox
                    + " has no IDLE; polled every "
                    + every.toMillis()
                    + " ms"),
        null);
  }

  static void roundFailed(Throwable e) {
    ROUND_FAILED.log(
        INTAKE, () -> ROUND_FAILED.space("bounce intake round failed; trying again"), e);
  }

  static void suppressionAdded(String address, String reason) {
    SUPPRESSION_ADDED.log(
        SUPPRESSION,
        () ->
            SUPPRESSION_ADDED.space(
                "administrator put " + address + " on the suppression list: " + reason),
        null);
  }

  static void suppressionRemoved(String address, boolean wasOn) {
    SUPPRESSION_REMOVED.log(
        SUPPRESSION,
        () ->
            SUPPRESSION_REMOVED.space(
                wasOn
                    ? "administrator took " + address + " off the suppression list"
                    : "administrator asked to remove " + address + ", which was not on the list"),
        null);
  }

  static void suppressionPurged(int count) {
    if (count > 0) {
      SUPPRESSION_PURGED.log(
          SUPPRESSION,
          () -> SUPPRESSION_PURGED.space(count + " expired suppression list entries purged"),
          null);
    }
  }

  static void stopSlow(long timeoutMs) {
    STOP_SLOW.log(
        INTAKE,
        () ->
            STOP_SLOW.space(
                "bounce intake did not end within " + timeoutMs + " ms; its connection is closed"),
        null);
  }

  /** The text of the exception that fails the adapter's start. */
  public static String intakeNotScheduled(Throwable e) {
    return INTAKE_NOT_SCHEDULED.colon(
        "the WorkManager refused the bounce intake (" + e.getMessage() + ")");
  }

  public static void mbeanFailed(String objectName, Throwable e) {
    MBEAN_FAILED.log(INTAKE, () -> MBEAN_FAILED.space(objectName + " is not registered: " + e), e);
  }
}
