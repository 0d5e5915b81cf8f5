package org.msgstore.ra.inflow;

import static org.msgstore.log.LogCode.Severity.EXCEPTION;
import static org.msgstore.log.LogCode.Severity.INFO;
import static org.msgstore.log.LogCode.Severity.WARNING;

import java.util.List;
import java.util.logging.Logger;
import org.msgstore.inflow.NewMailEvent;
import org.msgstore.log.LogCode;

/**
 * The log catalog of new-mail inflow (MSGS103x): every message this package logs or puts in an
 * exception is one method here, which fixes its code, level and text.
 */
final class InflowLog {
  static final LogCode MAILBOX_MISSING =
      new LogCode(
          "MSGS1031",
          EXCEPTION,
          "A NewMailListener endpoint has no activation property 'mailbox'.",
          "Application: set the activation config property mailbox on the message-driven bean.");
  static final LogCode ALREADY_ACTIVATED =
      new LogCode(
          "MSGS1032",
          EXCEPTION,
          "The server activated the same endpoint twice for a mailbox.",
          "Check the deployment for a duplicate activation.");
  static final LogCode ACTIVATED =
      new LogCode("MSGS1033", INFO, "A new-mail endpoint was activated for a mailbox.", "");
  static final LogCode DEACTIVATED =
      new LogCode("MSGS1034", INFO, "A new-mail endpoint was deactivated for a mailbox.", "");
  static final LogCode NOT_DELIVERED =
      new LogCode(
          "MSGS1035",
          WARNING,
          "A new-mail notification did not reach its endpoint: the WorkManager refused it, or"
              + " the endpoint failed on it. The mail itself is stored.",
          "See the cause: the WorkManager's thread pool, or the message-driven bean's error.");

  /** Every code of this catalog, for the docs and the catalog test. */
  static final List<LogCode> CODES =
      List.of(MAILBOX_MISSING, ALREADY_ACTIVATED, ACTIVATED, DEACTIVATED, NOT_DELIVERED);

  private static final Logger LOG = Logger.getLogger(NewMailInflow.class.getName());

  private InflowLog() {}

  static String mailboxMissing() {
    return MAILBOX_MISSING.colon(
        "a NewMailListener endpoint needs the activation property 'mailbox'");
  }

  static String alreadyActivated(String mailbox) {
    return ALREADY_ACTIVATED.colon(
        "this endpoint is already activated for mailbox '" + mailbox + "'");
  }

  static void activated(String mailbox) {
    ACTIVATED.log(
        LOG,
        () -> ACTIVATED.space("new-mail endpoint activated for mailbox '" + mailbox + "'"),
        null);
  }

  static void deactivated(String mailbox) {
    DEACTIVATED.log(
        LOG,
        () -> DEACTIVATED.space("new-mail endpoint deactivated for mailbox '" + mailbox + "'"),
        null);
  }

  static void notHandedToEndpoint(NewMailEvent event, Throwable e) {
    NOT_DELIVERED.log(
        LOG,
        () ->
            NOT_DELIVERED.space(
                "new mail "
                    + event.entryId()
                    + " for '"
                    + event.mailbox()
                    + "' could not be handed to its endpoint"),
        e);
  }

  static void endpointFailed(NewMailEvent event, Throwable e) {
    NOT_DELIVERED.log(
        LOG,
        () ->
            NOT_DELIVERED.space(
                "new-mail endpoint failed on " + event.entryId() + " of '" + event.mailbox() + "'"),
        e);
  }
}
