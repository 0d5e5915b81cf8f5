package org.msgstore.transport.smtp.throttle;

import static org.msgstore.log.LogCode.Severity.INFO;
import static org.msgstore.log.LogCode.Severity.WARNING;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.msgstore.log.LogCode;

/**
 * The SMTP flow control's log catalog (codes 4050 to 4069): rate limits in force, a relay backing
 * off and recovering. It logs through {@link System.Logger} under the SMTP transport's logger name,
 * as the transport does.
 */
final class ThrottleLog {
  static final LogCode LIMITS =
      new LogCode(
          "MSGS4050",
          INFO,
          "The SMTP transport's rate limits in force (smtpRate, smtpRelayRates, smtpDomainRates),"
              + " each the cluster's rate, of which each live spooler server takes an equal share.",
          "");
  static final LogCode BACKED_OFF =
      new LogCode(
          "MSGS4051",
          WARNING,
          "An SMTP relay asked to slow down (a 421 or 454 reply) or refused the connection: this"
              + " server halves the sessions it uses with it and pauses it (1 s, doubling at each"
              + " slow-down in a row, at most 5 minutes). Messages waiting for it are held, not"
              + " failed: no attempt is counted and no back-off grows.",
          "Nothing, if it is rare: the relay recovers by itself. If it repeats, lower smtpRate or"
              + " smtpRelayRates to what the relay accepts (its quota), or smtpSessions.");
  static final LogCode RECOVERED =
      new LogCode(
          "MSGS4052",
          INFO,
          "An SMTP relay that had asked to slow down took mail again long enough that this server"
              + " uses all smtpSessions sessions with it again.",
          "");

  /** Every code of this catalog, for the docs and the catalog test. */
  static final List<LogCode> CODES = List.of(LIMITS, BACKED_OFF, RECOVERED);

  private static final System.Logger LOG =
      System.getLogger("org.msgstore.transport.smtp.SmtpTransport");

  private ThrottleLog() {}

  static void limits(String limits) {
    LOG.log(LIMITS.severity().systemLevel(), LIMITS.space("SMTP rate limits: {0}"), limits);
  }

  static void backedOff(
      String relay, String why, int sessionsBefore, int sessions, Duration pause, Instant until) {
    LOG.log(
        BACKED_OFF.severity().systemLevel(),
        BACKED_OFF.space(
            "SMTP relay {0} asked to slow down ({1}): sessions {2} -> {3}, paused {4} ms until {5}"),
        relay,
        why,
        sessionsBefore,
        sessions,
        pause.toMillis(),
        until);
  }

  static void recovered(String relay, int sessions) {
    LOG.log(
        RECOVERED.severity().systemLevel(),
        RECOVERED.space("SMTP relay {0} recovered: {1} session(s) in use again"),
        relay,
        sessions);
  }
}
