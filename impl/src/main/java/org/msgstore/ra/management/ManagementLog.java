package org.msgstore.ra.management;

import static org.msgstore.log.LogCode.Severity.INFO;

import java.util.List;
import java.util.logging.Logger;
import org.msgstore.log.LogCode;

/**
 * The log catalog of the adapter's MBeans: what they answer themselves, beside the queue
 * operations' own lines (MSGS302x).
 */
final class ManagementLog {
  static final LogCode LEFT_THE_QUEUE_MEANWHILE =
      new LogCode(
          "MSGS1072",
          INFO,
          "A queue operation on one message (retryNow, hold, cancel) acted while the message"
              + " was in delivery, and it had left the queue (delivered or finished) by the time"
              + " the operation looked again to say what it did: answered as the refusal of a"
              + " message not in the outgoing queue (MAPI_E_NOT_FOUND), as a moment later.",
          "None: list the queue again; the message is in Sent Items (or was deleted after"
              + " submit), or its NDR is in the sender's Inbox.");

  /** Every code of this catalog, for the docs and the catalog test. */
  static final List<LogCode> CODES = List.of(LEFT_THE_QUEUE_MEANWHILE);

  private static final Logger LOG = Logger.getLogger(Queue.class.getName());

  private ManagementLog() {}

  static void leftTheQueueMeanwhile(String operation, String who, String reason) {
    LEFT_THE_QUEUE_MEANWHILE.log(
        LOG,
        () ->
            LEFT_THE_QUEUE_MEANWHILE.space(
                operation
                    + " by "
                    + (who == null || who.isBlank() ? "an unnamed caller" : who)
                    + " refused: the message left the queue during the operation: "
                    + reason),
        null);
  }
}
