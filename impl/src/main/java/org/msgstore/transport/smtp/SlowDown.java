package org.msgstore.transport.smtp;

import jakarta.mail.MessagingException;
import java.net.ConnectException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a send's outcome is the relay asking to slow down: a {@code 421} (service not available,
 * closing) or {@code 454} (temporary failure, e.g. a quota) reply to the session or the whole
 * message (greeting, login, {@code MAIL FROM}, {@code DATA}, the final dot), or the connection
 * refused. A 421/454 to one {@code RCPT TO} is about that recipient: it is deferred as any 4xx.
 * Such an outcome backs off the relay ({@code throttle.RelayThrottle}) instead of deferring each
 * message with the spooler's back-off.
 */
final class SlowDown {
  /** Angus puts a refused greeting in its message: "..., response: 421". */
  private static final Pattern GREETING = Pattern.compile("response: (421|454)\\b");

  private SlowDown() {}

  /** What the relay said to slow down with, or null when the outcome is no slow-down. */
  static String of(SendOutcome outcome) {
    MessagingException f = outcome.failure();
    if (f == null) {
      return null;
    }
    if (outcome.beforeSession() && SmtpReply.causedBy(f, ConnectException.class)) {
      return "connection refused";
    }
    SmtpReply whole = SmtpReply.of(f);
    if (slowDown(whole.code())) {
      return whole.text();
    }
    Matcher m = GREETING.matcher(String.valueOf(f.getMessage()));
    return m.find() ? "greeting " + m.group(1) : null;
  }

  /** Whether the relay answered (accepted, or refused with a reply code): it takes mail. */
  static boolean answered(SendOutcome outcome) {
    return outcome.failure() == null
        || !outcome.beforeSession() && SmtpReply.of(outcome.failure()).code() >= 200;
  }

  private static boolean slowDown(int code) {
    return code == 421 || code == 454;
  }
}
