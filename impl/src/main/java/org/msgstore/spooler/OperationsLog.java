package org.msgstore.spooler;

import static org.msgstore.log.LogCode.Severity.FINE;
import static org.msgstore.log.LogCode.Severity.INFO;

import java.util.List;
import java.util.logging.Logger;
import org.msgstore.log.LogCode;

/**
 * The log catalog of an operator's queue operations (the spooler's family, 30xx): each action is
 * one line naming what was done, to which selection, by whom and to how many messages, so the
 * server log is the audit trail of the queue.
 */
final class OperationsLog {
  static final LogCode QUEUE_LISTED =
      new LogCode("MSGS3020", FINE, "An operator listed the queue (filter, page, rows).", "");
  static final LogCode RETRIED_NOW =
      new LogCode(
          "MSGS3021",
          INFO,
          "An operator made queued messages due now (retry now); the line names the selection,"
              + " who and how many.",
          "");
  static final LogCode HELD =
      new LogCode(
          "MSGS3022",
          INFO,
          "An operator held queued messages: no node claims them until they are released.",
          "Release them (Queue MBean release/releaseMailbox) when the cause is dealt with.");
  static final LogCode RELEASED =
      new LogCode(
          "MSGS3023", INFO, "An operator released held messages; they are claimed again.", "");
  static final LogCode MAILBOX_HELD =
      new LogCode(
          "MSGS3024",
          INFO,
          "An operator held a mailbox: its queued messages and every message it submits until"
              + " released.",
          "Release the mailbox (Queue MBean releaseMailbox) when the cause is dealt with.");
  static final LogCode MAILBOX_RELEASED =
      new LogCode(
          "MSGS3025", INFO, "An operator released a mailbox and the messages held with it.", "");
  static final LogCode CANCELLED =
      new LogCode(
          "MSGS3026",
          INFO,
          "An operator cancelled queued messages: each open recipient failed with an NDR to the"
              + " sender; messages in delivery at the time were left alone (counted).",
          "");
  static final LogCode REFUSED =
      new LogCode(
          "MSGS3027",
          INFO,
          "A queue operation was refused (unknown entry id, bad filter, a message in delivery);"
              + " the caller got the reason.",
          "Correct the call as the reason says.");

  static final List<LogCode> CODES =
      List.of(
          QUEUE_LISTED,
          RETRIED_NOW,
          HELD,
          RELEASED,
          MAILBOX_HELD,
          MAILBOX_RELEASED,
          CANCELLED,
          REFUSED);

  private static final Logger OPERATIONS = Logger.getLogger(QueueOperations.class.getName());

  private OperationsLog() {}

  static void listed(String who, String selection, int offset, int rows) {
    QUEUE_LISTED.log(
        OPERATIONS,
        () ->
            QUEUE_LISTED.space(
                "queue listed by "
                    + who
                    + ": "
                    + selection
                    + ", from "
                    + offset
                    + ", "
                    + rows
                    + " rows"),
        null);
  }

  static void acted(LogCode code, String verb, String who, String selection, String result) {
    code.log(
        OPERATIONS, () -> code.space(verb + " by " + who + ": " + selection + ": " + result), null);
  }

  static void refused(String operation, String who, String reason) {
    REFUSED.log(
        OPERATIONS, () -> REFUSED.space(operation + " by " + who + " refused: " + reason), null);
  }
}
