package org.msgstore.transport.smtp;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Sends one message, in one transaction or one per recipient ({@link Transaction#plan}), on a
 * pooled session and decides whether that session may carry the next one.
 *
 * <p>A reused session may have been closed by the server while it sat idle (an idle timeout, a
 * {@code 421}, a restart). That is only found out when the next message is sent, so such a failure
 * is retried once on a brand-new session: the message should not be deferred for a problem the
 * server caused between messages. A retry can at worst repeat a message whose final {@code .} the
 * server took just before the connection dropped; the stable {@code Message-ID} lets the receiver
 * drop it, as with any at-least-once resend. A timeout or a broken bound ({@link ReplyGuard}) is
 * never retried.
 *
 * <p>Each transaction, the retry included, ends by its own deadline, {@code smtpSendTimeoutMs}
 * after it starts: with {@code bounceAddress} a message is one transaction per recipient, and one
 * deadline for all of them would cut the tail of a message to many recipients over a slow relay at
 * every attempt. No transaction starts once the message has used its first {@code
 * smtpSendTimeoutMs}, so one message holds its delivery thread (and the spooler's lease) for at
 * most about twice that; the recipients not tried are deferred.
 */
final class SmtpSender {
  private final SessionPool pool;
  private final String server;
  private final String plainAuthRefusal;
  private final String tlsHint;
  private final String credentials;
  private final long sendTimeoutNanos;
  private final int sendTimeoutMs;

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
    this.sendTimeoutMs = settings.sendTimeoutMs;
    this.sendTimeoutNanos = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(sendTimeoutMs);
  }

  /**
   * Sends {@code plan}'s transactions in order on one session, and returns how each went (same
   * order). A session that turns out dead before a transaction is replaced once for that
   * transaction; once a session fails otherwise (a timeout, a broken bound, an I/O error on a fresh
   * session) the transactions not yet sent are not tried: their recipients are deferred.
   *
   * <p>Whatever is thrown from a transaction (a bug, or an {@link Error} such as an {@code
   * OutOfMemoryError} while the content is written) may leave the session in the middle of DATA,
   * where the next message's commands would become body text: the session is kept for reuse only
   * when the transactions ran to their end.
   *
   * @param deadline System.nanoTime() by which the first transaction ends, whatever the relay does
   *     ({@link RelayChain} shares it among the relays); each later one ends {@code
   *     smtpSendTimeoutMs} after it starts, and none starts after this
   * @param utf8Headers the message's headers hold non-ASCII addresses ({@link SmtpUtf8#inHeaders})
   */
  List<SendOutcome> send(
      MimeMessage message, List<Transaction> plan, boolean utf8Headers, long deadline)
      throws InterruptedException {
    List<SendOutcome> outcomes = new ArrayList<>(plan.size());
    if (plainAuthRefusal != null) {
      // The operator's to fix; the password never goes out in clear meanwhile.
      return fill(outcomes, plan, SendOutcome.noSession(null, plainAuthRefusal));
    }
    SessionPool.Lease lease = null;
    // Whether the session in hand carried a message already: only then may it be found dead.
    boolean carried = false;
    boolean finished = false;
    try {
      long transactionDeadline = deadline;
      for (Transaction t : plan) {
        if (!outcomes.isEmpty()) {
          long now = System.nanoTime();
          if (now - deadline >= 0) {
            finished = true;
            return fill(
                outcomes,
                plan,
                SendOutcome.noSession(
                    null,
                    "not sent: this message's earlier recipients used its smtpSendTimeoutMs ("
                        + sendTimeoutMs
                        + " ms) before this one's turn; the next attempt sends it"));
          }
          transactionDeadline = now + sendTimeoutNanos;
          if (lease != null) {
            lease.guard().startSend(transactionDeadline);
          }
        }
        SendOutcome outcome = null;
        // One deadline per transaction, the retry on a fresh session included (ReplyGuard).
        for (int attempt = 1; outcome == null; attempt++) {
          if (lease == null) {
            Borrowed borrowed;
            try {
              borrowed = borrow(attempt > 1, transactionDeadline);
            } catch (InterruptedException e) {
              if (outcomes.isEmpty()) {
                throw e; // nothing reached the relay yet: the caller defers the whole message
              }
              // The relay already took the earlier transactions: their verdicts stand, so that
              // those recipients are not sent the message again; the interrupt is the caller's.
              Thread.currentThread().interrupt();
              finished = true;
              return fill(
                  outcomes,
                  plan,
                  SendOutcome.noSession(
                      null,
                      "not sent: the delivery thread was interrupted before this recipient's"
                          + " turn"));
            }
            if (borrowed.lease() == null) {
              finished = true;
              return fill(outcomes, plan, borrowed.none());
            }
            lease = borrowed.lease();
            carried = lease.reused();
          }
          Map<String, String> notOffered = Map.of();
          Address[] addresses = t.envelope().addresses();
          if ((utf8Headers || t.envelope().needsSmtpUtf8())
              && !SmtpUtf8.offeredBy(lease.transport())) {
            notOffered = SmtpUtf8.refused(t.envelope(), utf8Headers, server);
            addresses = utf8Headers ? new Address[0] : t.envelope().asciiAddresses();
          }
          if (addresses.length == 0) {
            outcome = SendOutcome.sent(notOffered);
            continue;
          }
          try {
            EnvelopeProperties.apply(lease, t);
            lease.transport().sendMessage(message, addresses);
            outcome = SendOutcome.sent(notOffered);
            carried = true;
          } catch (MessagingException e) {
            boolean stale = carried && SmtpReply.sessionGone(e);
            if (stale || !stillConnected(lease)) {
              pool.giveBack(lease, false);
              lease = null;
            }
            if (stale && attempt == 1) {
              continue; // the server dropped the session between messages: once more, fresh
            }
            RelayLimitException limit = SmtpReply.brokenLimit(e);
            if (limit != null) {
              SmtpLog.relayBrokeLimit(limit.getMessage());
            }
            outcome = SendOutcome.failed(e, notOffered);
            if (lease == null) {
              outcomes.add(outcome);
              finished = true;
              return fill(
                  outcomes,
                  plan,
                  SendOutcome.noSession(
                      e,
                      "not sent: the SMTP session to "
                          + server
                          + " failed on an earlier recipient of this message ("
                          + describe(e)
                          + ")"));
            }
          }
        }
        outcomes.add(outcome);
      }
      finished = true;
      return outcomes;
    } finally {
      if (lease != null) {
        // Anything thrown (a RuntimeException, an Error) may have left it mid-DATA: closed.
        pool.giveBack(lease, finished);
      }
    }
  }

  /** {@code outcomes} completed with {@code rest} for every transaction not yet decided. */
  private static List<SendOutcome> fill(
      List<SendOutcome> outcomes, List<Transaction> plan, SendOutcome rest) {
    while (outcomes.size() < plan.size()) {
      outcomes.add(rest);
    }
    return outcomes;
  }

  /** A session from the pool, or (lease null) the outcome that says why there is none. */
  private record Borrowed(SessionPool.Lease lease, SendOutcome none) {}

  private Borrowed borrow(boolean fresh, long deadline) throws InterruptedException {
    try {
      // A retry takes a new session: idle ones may be just as stale (a server restart).
      return new Borrowed(pool.borrow(fresh, deadline), null);
    } catch (jakarta.mail.AuthenticationFailedException e) {
      return none(
          SendOutcome.noSession(
              e,
              "the SMTP server "
                  + server
                  + " refused the login ("
                  + describe(e)
                  + "); check smtpUser and "
                  + credentials));
    } catch (MessagingException e) {
      RelayLimitException limit = SmtpReply.brokenLimit(e);
      if (limit != null) {
        SmtpLog.relayBrokeLimit(limit.getMessage());
      }
      return none(
          SendOutcome.noSession(
              e,
              limit != null
                  ? limit.getMessage()
                  : "cannot open an SMTP session to " + server + ": " + describe(e) + tlsHint));
    } catch (SessionPool.BusyException e) {
      return none(SendOutcome.noSession(null, e.getMessage()));
    }
  }

  private static Borrowed none(SendOutcome why) {
    return new Borrowed(null, why);
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
