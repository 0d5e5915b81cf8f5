package org.msgstore.ra.access;

import static org.msgstore.log.LogCode.Severity.INFO;
import static org.msgstore.log.LogCode.Severity.WARNING;

import java.util.List;
import java.util.logging.Logger;
import org.msgstore.log.LogCode;

/**
 * The log catalog of the connection definitions' access rules (MSGS106x): every message of this
 * package is one method here. A refusal is logged (an operator sees who was turned away) and the
 * same text, code included, is the caller's {@code MapiException}.
 */
final class AccessLog {
  static final LogCode DEFINITION_OPEN =
      new LogCode(
          "MSGS1060",
          WARNING,
          "A connection definition is open: any application that can look it up may open (and"
              + " create) any mailbox, or send with any sender address. Logged once per"
              + " connection definition when its connection factory is created.",
          "Set allowedMailboxes (or mailboxFromCaller=true), createMailboxes=false and"
              + " allowedSenders on the connection definition; see the README, 'Who may use which"
              + " mailbox'.");
  static final LogCode MAILBOX_REFUSED =
      new LogCode(
          "MSGS1061",
          WARNING,
          "A mailbox was refused: it matches none of the connection definition's"
              + " allowedMailboxes.",
          "Application: use a connection definition that allows the mailbox; administrator: add"
              + " it to allowedMailboxes if it should be allowed.");
  static final LogCode CREATE_REFUSED =
      new LogCode(
          "MSGS1062",
          WARNING,
          "A mailbox that does not exist was not created: the connection definition has"
              + " createMailboxes=false.",
          "Create the mailbox through a definition that may create it, or correct the name.");
  static final LogCode SENDER_REFUSED =
      new LogCode(
          "MSGS1063",
          WARNING,
          "A submit() was refused before anything was written: the message carries a sender"
              + " address that matches none of the connection definition's allowedSenders.",
          "Application: send from an allowed address; administrator: add the address or its"
              + " domain to allowedSenders if it should be allowed.");
  static final LogCode CALLER_REFUSED =
      new LogCode(
          "MSGS1064",
          WARNING,
          "With mailboxFromCaller=true, a connection was refused: the server passed no caller"
              + " identity, or the mailbox asked for is not the caller's own.",
          "Configure container-managed sign-on for the connection definition (README, 'Who may"
              + " use which mailbox'), or open only the caller's mailbox.");
  static final LogCode DEFINITION_CLOSED =
      new LogCode(
          "MSGS1065",
          INFO,
          "The access rules of a connection definition, logged once when its connection factory"
              + " is created.",
          "");

  /** Every code of this catalog, for the docs and the catalog test. */
  static final List<LogCode> CODES =
      List.of(
          DEFINITION_OPEN,
          MAILBOX_REFUSED,
          CREATE_REFUSED,
          SENDER_REFUSED,
          CALLER_REFUSED,
          DEFINITION_CLOSED);

  private static final Logger LOG = Logger.getLogger(AccessPolicy.class.getName());

  private AccessLog() {}

  static void definitionOpen(String definition, List<String> open, List<String> close) {
    DEFINITION_OPEN.log(
        LOG,
        () ->
            DEFINITION_OPEN.colon(
                "MsgStore connection definition ("
                    + definition
                    + ") is open: "
                    + String.join("; ", open)
                    + ". Close it with "
                    + String.join(", ", close)),
        null);
  }

  static void definitionRules(String definition, String rules) {
    DEFINITION_CLOSED.log(
        LOG,
        () ->
            DEFINITION_CLOSED.colon(
                "MsgStore connection definition (" + definition + ") access rules: " + rules),
        null);
  }

  static String mailboxRefused(String mailbox, MailboxRule rule) {
    return refused(
        MAILBOX_REFUSED,
        "mailbox '"
            + mailbox
            + "' may not be opened through this connection definition: "
            + rule
            + " does not match it");
  }

  static String createRefused(String mailbox) {
    return refused(
        CREATE_REFUSED,
        "mailbox '"
            + mailbox
            + "' does not exist and this connection definition may not create mailboxes"
            + " (createMailboxes=false)");
  }

  static String senderRefused(String mailbox, String address, String where, SenderRule rule) {
    return refused(
        SENDER_REFUSED,
        "a message of mailbox '"
            + mailbox
            + "' may not carry sender '"
            + address
            + "' in "
            + where
            + ": "
            + rule
            + " does not match it; nothing was submitted");
  }

  static String noCallerIdentity(String why) {
    return refused(
        CALLER_REFUSED,
        "this connection definition opens the caller's own mailbox (mailboxFromCaller=true),"
            + " but "
            + why
            + "; configure container-managed sign-on for it");
  }

  static String notCallersMailbox(String mailbox, String callers) {
    return refused(
        CALLER_REFUSED,
        "mailbox '"
            + mailbox
            + "' is not the caller's own mailbox '"
            + callers
            + "' (mailboxFromCaller=true)");
  }

  private static String refused(LogCode code, String text) {
    String message = code.colon(text);
    code.log(LOG, () -> message, null);
    return message;
  }
}
