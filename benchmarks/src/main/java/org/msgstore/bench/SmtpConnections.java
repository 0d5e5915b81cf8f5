package org.msgstore.bench;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * The outbox relay's SMTP connections: connected once, then reused from message to message and
 * batch to batch. A relay borrows one for a batch and gives it back; with at most {@link
 * OutboxPoller#RELAYS} relays at a time, that is also the most connections ever open.
 */
final class SmtpConnections implements AutoCloseable {
  private final Session session;
  private final ConcurrentLinkedDeque<Transport> idle = new ConcurrentLinkedDeque<>();
  private volatile boolean closed;

  /** One borrowed connection; {@link #send} replaces it when the server has dropped it. */
  final class Lease {
    private Transport transport;
    private boolean unreachable;

    private Lease(Transport transport) {
      this.transport = transport;
    }

    /** Connecting failed: the server is down or refuses us, so the batch's other sends wait too. */
    boolean unreachable() {
      return unreachable;
    }

    /**
     * Sends one message. A reused connection may have been closed by the server (idle timeout,
     * restart): when a send fails on a connection that is gone, it is reconnected and the send
     * tried once more.
     */
    void send(MimeMessage m) throws MessagingException {
      if (transport == null) {
        transport = connectOrMark();
      }
      try {
        transport.sendMessage(m, m.getAllRecipients());
      } catch (MessagingException e) {
        if (transport.isConnected()) {
          throw e; // the server refused this message; the connection is fine
        }
        closeQuietly(transport);
        transport = null;
        transport = connectOrMark();
        transport.sendMessage(m, m.getAllRecipients());
      }
    }

    private Transport connectOrMark() throws MessagingException {
      try {
        return connect();
      } catch (MessagingException e) {
        unreachable = true;
        throw e;
      }
    }
  }

  SmtpConnections(Session session) {
    this.session = session;
  }

  /** The most recently used idle connection (the likeliest to be alive), or a new one. */
  Lease borrow() {
    return new Lease(idle.pollFirst());
  }

  void giveBack(Lease lease) {
    if (lease.transport != null) {
      idle.offerFirst(lease.transport);
    }
    if (closed) {
      close();
    }
  }

  private Transport connect() throws MessagingException {
    Transport t = session.getTransport("smtp");
    t.connect();
    return t;
  }

  @Override
  public void close() {
    closed = true;
    for (Transport t = idle.pollFirst(); t != null; t = idle.pollFirst()) {
      closeQuietly(t);
    }
  }

  private static void closeQuietly(Transport t) {
    try {
      t.close();
    } catch (MessagingException e) {
      // discarded either way
    }
  }
}
