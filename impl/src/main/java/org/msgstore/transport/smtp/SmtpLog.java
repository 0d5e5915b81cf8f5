package org.msgstore.transport.smtp;

import static org.msgstore.log.LogCode.Severity.INFO;
import static org.msgstore.log.LogCode.Severity.WARNING;

import java.util.Collection;
import java.util.List;
import org.msgstore.log.LogCode;

/**
 * The SMTP transport's log catalog (MSGS40xx): every message of this package is one method here,
 * which fixes its code, level and text. It logs through {@link System.Logger}, as transports do,
 * under the logger name of {@link SmtpTransport}.
 */
final class SmtpLog {
  static final LogCode STARTED =
      new LogCode("MSGS4001", INFO, "The SMTP transport started; the line shows its settings.", "");
  static final LogCode UNKNOWN_SETTINGS =
      new LogCode(
          "MSGS4002",
          WARNING,
          "Transport settings starting with smtp that the SMTP transport does not know are"
              + " ignored.",
          "Correct the misspelt setting names (the line lists the known ones).");
  static final LogCode CLOSED =
      new LogCode(
          "MSGS4003",
          INFO,
          "The SMTP transport closed; the line says how many SMTP sessions it opened.",
          "");

  static final LogCode RELAY_BROKE_LIMIT =
      new LogCode(
          "MSGS4004",
          WARNING,
          "An SMTP relay broke a bound of the send (smtpSendTimeoutMs, the reply line or reply"
              + " size cap): the connection was closed and the recipients deferred.",
          "Check the relay (smtpHost/smtpPort): a hung, overloaded or hostile server, or a"
              + " network device in between. Raise smtpSendTimeoutMs only for very large messages"
              + " on a slow link.");

  static final LogCode PLAIN_AUTH_REFUSED =
      new LogCode(
          "MSGS4005",
          WARNING,
          "smtpUser is set but the connection to the relay would not be encrypted: no login is"
              + " attempted and SMTP mail is deferred (the line names the settings).",
          "Set smtpStartTls=required (port 587) or smtpImplicitTls=true (port 465); only on a"
              + " network no one else can read, smtpAllowAuthWithoutTls=true.");

  static final LogCode RELAY_DOWN =
      new LogCode(
          "MSGS4006",
          WARNING,
          "An SMTP relay gave no session for a message (refused, timed out, a 4xx/5xx greeting,"
              + " TLS or login failing); the next relay of smtpFallbackRelays is tried.",
          "Check the named relay; mail keeps flowing through the next one meanwhile.");

  static final LogCode BOUNCE_TOKEN_TOO_LONG =
      new LogCode(
          "MSGS4070",
          WARNING,
          "A bounce token made the envelope sender longer than SMTP allows (64 octets before the"
              + " @, 256 in all), as row ids grow: such transactions go from the bare bounceAddress,"
              + " with the token only in the DSN ENVID. Logged once per start.",
          "Shorten the local part of bounceAddress to at most 11 characters (e.g. bounces@) so"
              + " that every token fits; meanwhile bounces of these messages are matched only through the"
              + " ENVID a relay offering DSN returns.");

  static final LogCode SERVICE_FILE_UNREADABLE =
      new LogCode(
          "MSGS4071",
          WARNING,
          "A META-INF/services file the mail implementation looks up could not be read when the"
              + " SMTP transport first looked it up; it is not kept in memory but opened where it"
              + " is at each use, as without the cache (the other service files stay cached)."
              + " Logged once per file.",
          "None if mail is sent; otherwise check the named jar or file (deleted, replaced or"
              + " unreadable while the server runs) and redeploy.");

  /** Every code of this catalog, for the docs and the catalog test. */
  static final List<LogCode> CODES =
      List.of(
          STARTED,
          UNKNOWN_SETTINGS,
          CLOSED,
          RELAY_BROKE_LIMIT,
          PLAIN_AUTH_REFUSED,
          RELAY_DOWN,
          BOUNCE_TOKEN_TOO_LONG,
          SERVICE_FILE_UNREADABLE);

  private static final System.Logger LOG = System.getLogger(SmtpTransport.class.getName());

  private SmtpLog() {}

  static void started(SmtpSettings settings) {
    LOG.log(
        STARTED.severity().systemLevel(), STARTED.space("SMTP transport started: {0}"), settings);
  }

  static void unknownSettings(Collection<String> unknown, Collection<String> known) {
    LOG.log(
        UNKNOWN_SETTINGS.severity().systemLevel(),
        UNKNOWN_SETTINGS.space("ignoring unknown SMTP settings {0} (known: {1})"),
        unknown,
        known);
  }

  static void plainAuthRefused(String why) {
    LOG.log(
        PLAIN_AUTH_REFUSED.severity().systemLevel(),
        PLAIN_AUTH_REFUSED.space("SMTP login refused without TLS: {0}"),
        why);
  }

  static void relayDown(String relay, String next, String why) {
    LOG.log(
        RELAY_DOWN.severity().systemLevel(),
        RELAY_DOWN.space("SMTP relay {0} gave no session, trying {1}: {2}"),
        relay,
        next,
        why);
  }

  static void relayBrokeLimit(String why) {
    LOG.log(
        RELAY_BROKE_LIMIT.severity().systemLevel(),
        RELAY_BROKE_LIMIT.space("SMTP relay broke a bound: {0}"),
        why);
  }

  static void bounceTokenTooLong(String tooLong, String bare) {
    LOG.log(
        BOUNCE_TOKEN_TOO_LONG.severity().systemLevel(),
        BOUNCE_TOKEN_TOO_LONG.space(
            "envelope sender {0} is longer than SMTP allows; sending from {1} instead (logged"
                + " once)"),
        tooLong,
        bare);
  }

  static void serviceFileUnreadable(java.net.URL file, java.io.IOException e) {
    LOG.log(
        SERVICE_FILE_UNREADABLE.severity().systemLevel(),
        SERVICE_FILE_UNREADABLE.space(
            "service file "
                + file
                + " could not be read ("
                + e
                + "); it is opened where it is at each use, not kept in memory"));
  }

  static void closed(long openedSessions) {
    LOG.log(
        CLOSED.severity().systemLevel(),
        CLOSED.space("SMTP transport closed after opening {0} session(s)"),
        openedSessions);
  }
}
