package org.msgstore.transport.smtp;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Properties;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A few connected SMTP sessions, reused from message to message (one session carries many messages,
 * jca-notes rule 26). At most {@code smtpSessions} are in use at once; idle ones wait, still
 * connected, in LIFO order so the most recently proven one goes first.
 *
 * <p>Each connection has its own mail session, whose socket factory puts that connection's {@link
 * ReplyGuard} under Jakarta Mail: the guard is what a send's deadline and the reply caps are set
 * on.
 *
 * <p>Invariant: every borrowed {@link Lease} is given back exactly once, which returns its permit.
 */
final class SessionPool implements AutoCloseable {
  private final Properties sessionProperties;
  private final SmtpSettings settings;
  private final String server;
  private final Semaphore permits;
  private final Deque<Lease> idle = new ArrayDeque<>();
  private final AtomicLong opened = new AtomicLong();
  private boolean closed;

  /**
   * A borrowed session; {@code reused} says whether it already carried a message. {@code
   * mailProperties} are its own mail session's live properties, which Jakarta Mail reads at each
   * MAIL and RCPT: what one transaction's envelope sender and DSN parameters are set in ({@link
   * EnvelopeProperties}).
   */
  record Lease(Transport transport, ReplyGuard guard, boolean reused, Properties mailProperties) {}

  /** All sessions stayed busy for longer than one send may take. */
  static final class BusyException extends Exception {
    private static final long serialVersionUID = 1L;

    BusyException(String message) {
      super(message);
    }
  }

  SessionPool(Properties sessionProperties, SmtpSettings settings) {
    this.sessionProperties = sessionProperties;
    this.settings = settings;
    this.server = settings.host + ":" + settings.port;
    this.permits = new Semaphore(settings.sessions, true);
  }

  /**
   * An idle connected session, or a newly connected one.
   *
   * <p>With {@code fresh}, the caller just found a reused session dead; the idle ones are probably
   * dead too (same server restart or idle timeout), so they are all closed and a new one opened.
   * Closing them also keeps the bound: idle plus lent sessions never exceed {@code smtpSessions}.
   *
   * @throws MessagingException when connecting fails (refused, timed out, authentication)
   * @throws BusyException when no session became free in time
   */
  Lease borrow(boolean fresh, long deadline)
      throws MessagingException, BusyException, InterruptedException {
    // A busy session frees up within one send, whose deadline bounds it; waiting for one counts
    // against this send's own deadline.
    if (!permits.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
      throw new BusyException(
          "all "
              + settings.sessions
              + " SMTP sessions stayed busy until this send's deadline (smtpSendTimeoutMs = "
              + settings.sendTimeoutMs
              + " ms)");
    }
    try {
      if (fresh) {
        closeIdle();
      }
      Lease reusable = takeIdle();
      if (reusable != null) {
        reusable.guard().startSend(deadline);
        return reusable;
      }
      return connect(deadline);
    } catch (MessagingException | RuntimeException e) {
      permits.release();
      throw e;
    }
  }

  /** Gives a lease back: kept for the next message when {@code keep}, else closed. */
  void giveBack(Lease lease, boolean keep) {
    try {
      lease.guard().endSend();
      synchronized (this) {
        if (keep && !closed) {
          idle.push(new Lease(lease.transport(), lease.guard(), true, lease.mailProperties()));
          return;
        }
      }
      closeQuietly(lease.transport());
    } finally {
      permits.release();
    }
  }

  /** How many SMTP sessions this pool has opened so far. */
  long openedSessions() {
    return opened.get();
  }

  /** Closes the idle sessions; sessions still lent out are closed when they come back. */
  @Override
  public void close() {
    synchronized (this) {
      closed = true;
    }
    closeIdle();
  }

  private synchronized Lease takeIdle() {
    if (closed) {
      throw new IllegalStateException("the SMTP transport is closed");
    }
    return idle.poll();
  }

  private void closeIdle() {
    Deque<Lease> toClose;
    synchronized (this) {
      toClose = new ArrayDeque<>(idle);
      idle.clear();
    }
    toClose.forEach(l -> closeQuietly(l.transport()));
  }

  private Lease connect(long deadline) throws MessagingException {
    ReplyGuard guard = new ReplyGuard(server, settings.sendTimeoutMs);
    guard.startSend(deadline);
    Properties p = new Properties();
    p.putAll(sessionProperties);
    p.put("mail.smtp.socketFactory", new GuardedSocketFactory(guard));
    p.put("mail.smtp.ssl.socketFactory", new GuardedSslSocketFactory(guard, settings.tlsSockets));
    // Never a socket without the guard: a failing factory fails the connection.
    p.setProperty("mail.smtp.socketFactory.fallback", "false");
    Session mail = Session.getInstance(p);
    Transport transport = mail.getTransport("smtp");
    transport.connect(settings.host, settings.port, settings.user, secret());
    opened.incrementAndGet();
    return new Lease(transport, guard, false, mail.getProperties());
  }

  /** The password, or for an XOAUTH2 login a current token from the configured source. */
  private String secret() throws MessagingException {
    if (settings.tokenSource == null) {
      return settings.password;
    }
    try {
      return settings.tokenSource.accessToken(settings.user, settings.host);
    } catch (Exception e) {
      throw new MessagingException(
          "no OAuth2 token from "
              + settings.tokenSource
              + " (smtpOAuth2Token): "
              + e.getMessage()
              + "; nothing was sent");
    }
  }

  static void closeQuietly(Transport transport) {
    try {
      transport.close();
    } catch (MessagingException | RuntimeException e) {
      // The session is being discarded; a failing QUIT changes nothing for anyone.
    }
  }
}
