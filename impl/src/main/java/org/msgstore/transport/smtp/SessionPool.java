package org.msgstore.transport.smtp;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A few connected SMTP sessions, reused from message to message (one session carries many messages,
 * jca-notes rule 26). At most {@code smtpSessions} are in use at once; idle ones wait, still
 * connected, in LIFO order so the most recently proven one goes first.
 *
 * <p>Invariant: every borrowed {@link Lease} is given back exactly once, which returns its permit.
 */
final class SessionPool implements AutoCloseable {
  private final Session session;
  private final SmtpSettings settings;
  private final Semaphore permits;
  private final Deque<Transport> idle = new ArrayDeque<>();
  private final AtomicLong opened = new AtomicLong();
  private boolean closed;

  /** A borrowed session; {@code reused} says whether it already carried a message. */
  record Lease(Transport transport, boolean reused) {}

  /** All sessions stayed busy for longer than one send may take. */
  static final class BusyException extends Exception {
    private static final long serialVersionUID = 1L;

    BusyException(String message) {
      super(message);
    }
  }

  SessionPool(Session session, SmtpSettings settings) {
    this.session = session;
    this.settings = settings;
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
  Lease borrow(boolean fresh) throws MessagingException, BusyException, InterruptedException {
    // A busy session frees up within one send, whose every step is bounded by the timeouts.
    long waitMs =
        (long) settings.connectTimeoutMs + settings.readTimeoutMs + settings.writeTimeoutMs;
    if (!permits.tryAcquire(waitMs, TimeUnit.MILLISECONDS)) {
      throw new BusyException(
          "all " + settings.sessions + " SMTP sessions stayed busy for " + waitMs + " ms");
    }
    try {
      if (fresh) {
        closeIdle();
      }
      Transport reusable = takeIdle();
      if (reusable != null) {
        return new Lease(reusable, true);
      }
      return new Lease(connect(), false);
    } catch (MessagingException | RuntimeException e) {
      permits.release();
      throw e;
    }
  }

  /** Gives a lease back: kept for the next message when {@code keep}, else closed. */
  void giveBack(Lease lease, boolean keep) {
    try {
      synchronized (this) {
        if (keep && !closed) {
          idle.push(lease.transport());
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

  private synchronized Transport takeIdle() {
    if (closed) {
      throw new IllegalStateException("the SMTP transport is closed");
    }
    return idle.poll();
  }

  private void closeIdle() {
    Deque<Transport> toClose;
    synchronized (this) {
      toClose = new ArrayDeque<>(idle);
      idle.clear();
    }
    toClose.forEach(SessionPool::closeQuietly);
  }

  private Transport connect() throws MessagingException {
    Transport transport = session.getTransport("smtp");
    transport.connect(settings.host, settings.port, settings.user, settings.password);
    opened.incrementAndGet();
    return transport;
  }

  static void closeQuietly(Transport transport) {
    try {
      transport.close();
    } catch (MessagingException | RuntimeException e) {
      // The session is being discarded; a failing QUIT changes nothing for anyone.
    }
  }
}
