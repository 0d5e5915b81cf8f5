package org.msgstore.bench;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Path 4, the ceiling: one Jakarta Mail client pushing the same prebuilt message over N reused
 * connections straight to the sink (no transaction, no database), for a fixed time.
 */
final class RawSmtp {
  private RawSmtp() {}

  private static Session onPort(Session configured, int port) {
    java.util.Properties p = new java.util.Properties();
    p.putAll(configured.getProperties());
    p.setProperty("mail.smtp.host", "127.0.0.1");
    p.setProperty("mail.smtp.port", Integer.toString(port));
    return Session.getInstance(p);
  }

  /** Messages per second accepted (each sendMessage returns after the sink's 250 to "."). */
  static double run(Session session, int connections, double seconds) throws Exception {
    return run(session, connections, seconds, 0);
  }

  /** The same against another port of 127.0.0.1 (0: the mail session's own), e.g. a second sink. */
  static double run(Session configured, int connections, double seconds, int port)
      throws Exception {
    Session session = port > 0 ? onPort(configured, port) : configured;
    MimeMessage message =
        Payload.mime(session, Payload.subject(0), Payload.BODY, Payload.ATTACHMENT);
    Address[] recipients = message.getAllRecipients();
    AtomicLong sent = new AtomicLong();
    List<Exception> failures = new ArrayList<>();
    long start = System.nanoTime();
    long deadline = start + (long) (seconds * 1e9);
    Workers.runAll(
        connections,
        "bench-raw",
        i ->
            () -> {
              try (Transport transport = session.getTransport("smtp")) {
                transport.connect();
                while (System.nanoTime() < deadline) {
                  transport.sendMessage(message, recipients);
                  sent.incrementAndGet();
                }
              } catch (MessagingException e) {
                synchronized (failures) {
                  failures.add(e);
                }
              }
            });
    if (!failures.isEmpty()) {
      throw failures.get(0);
    }
    return sent.get() / ((System.nanoTime() - start) / 1e9);
  }
}
