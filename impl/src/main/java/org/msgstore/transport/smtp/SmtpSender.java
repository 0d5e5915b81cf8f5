package org.msgstore.transport.smtp;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.util.Map;

/**
 * Sends one message on a pooled session and decides whether that session may carry the next one.
 *
 * <p>A reused session may have been closed by the server while it sat idle (an idle timeout, a
 * {@code 421}, a restart). That is only found out when the next message is sent, so such a failure
 * is retried once on a brand-new session: the message should not be deferred for a problem the
 * server caused between messages. A retry can at worst repeat a message whose final {@code .} the
 * server took just before the connection dropped; the stable {@code Message-ID} lets the receiver
 * drop it, as with any at-least-once resend. A timeout or a broken bound ({@link ReplyGuard}) is
 * never retried, and the whole send, retry included, ends by one deadline ({@code
 * smtpSendTimeoutMs}).
 */
final class SmtpSender {
  private final SessionPool pool;
  private final String server;
  private final String plainAuthRefusal;
  private final String tlsHint;
  private final String credentials;

  SmtpSender(SessionPool pool, SmtpSettings settings) {
    this.pool = pool;
    this.plainAuthRefusal = settings.plainAuthRefusal();
    this.credentials =
        settings.tokenSource != null
            ? "the token smtpOAuth2Token gives"
            : settings.fallbacks.isEmpty()
                ? "smtpPassword"
                : "smtpPassword (or smtpFallbackCredentials)";
    this.tlsHint =
        settings.startTlsRequired()
            ? "; STARTTLS is required (smtpStartTls=required, or true with smtpUser set so the"
                + " password never goes out in clear)"
            : "";
    this.server = settings.host + ":" + settings.port;
  }

  /**
   * @param deadline System.nanoTime() by which the send ends, whatever the relay does
   * @param utf8Headers the message's headers hold non-ASCII addresses ({@link SmtpUtf8#inHeaders})
   */
  SendOutcome send(MimeMessage message, Envelope envelope, boolean utf8Headers, long deadline)
      throws InterruptedException {
    if (plainAuthRefusal != null) {
      // The operator's to fix; the password never goes out in clear meanwhile.
      return SendOutcome.noSession(null, plainAuthRefusal);
    }
    // One deadline for the whole send, the retry on a fresh session included (ReplyGuard).
    for (int attempt = 1; ; attempt++) {
      SessionPool.Lease lease;
      try {
        // The retry takes a new session: idle ones may be just as stale (a server restart).
        lease = pool.borrow(attempt > 1, deadline);
      } catch (jakarta.mail.AuthenticationFailedException e) {
        return SendOutcome.noSession(
            e,
            "the SMTP server "
                + server
                + " refused the login ("
                + describe(e)
                + "); check smtpUser and "
                + credentials);
      } catch (MessagingException e) {
        RelayLimitException limit = SmtpReply.brokenLimit(e);
        if (limit != null) {
          SmtpLog.relayBrokeLimit(limit.getMessage());
        }
        return SendOutcome.noSession(
            e,
            limit != null
                ? limit.getMessage()
                : "cannot open an SMTP session to " + server + ": " + describe(e) + tlsHint);
      } catch (SessionPool.BusyException e) {
        return SendOutcome.noSession(null, e.getMessage());
      }
      Map<String, String> notOffered = Map.of();
      Address[] addresses = envelope.addresses();
      if ((utf8Headers || envelope.needsSmtpUtf8()) && !SmtpUtf8.offeredBy(lease.transport())) {
        notOffered = SmtpUtf8.refused(envelope, utf8Headers, server);
        addresses = utf8Headers ? new Address[0] : envelope.asciiAddresses();
      }
      if (addresses.length == 0) {
        pool.giveBack(lease, true);
        return SendOutcome.sent(notOffered);
      }
      try {
        lease.transport().sendMessage(message, addresses);
        pool.giveBack(lease, true);
        return SendOutcome.sent(notOffered);
      } catch (MessagingException e) {
        boolean stale = lease.reused() && SmtpReply.sessionGone(e);
        pool.giveBack(lease, !stale && stillConnected(lease));
        if (!stale || attempt > 1) {
          RelayLimitException limit = SmtpReply.brokenLimit(e);
          if (limit != null) {
            SmtpLog.relayBrokeLimit(limit.getMessage());
          }
          return SendOutcome.failed(e, notOffered);
        }
      } catch (RuntimeException e) {
        // A bug, not an SMTP problem: the session may be mid-DATA, so it is never reused.
        pool.giveBack(lease, false);
        throw e;
      }
    }
  }

  /**
   * After a refusal with a reply code Angus has reset the session (RSET), and a NOOP confirms it is
   * still usable; failures are rare, so the round trip is cheap overall. After an I/O error or a
   * timeout Angus has closed the session already, and this returns false without any traffic, so a
   * hung peer is never waited for twice.
   */
  private static boolean stillConnected(SessionPool.Lease lease) {
    return lease.transport().isConnected();
  }

  static String describe(Exception e) {
    StringBuilder s = new StringBuilder(String.valueOf(e.getMessage()));
    // For a MessagingException getCause() is its next exception, e.g. the ConnectException.
    Throwable cause = e.getCause();
    if (cause != null && cause != e) {
      s.append(" (").append(cause).append(')');
    }
    return s.toString();
  }
}
