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

  /** Messages per second accepted (each sendMessage returns after the sink's 250 to "."). */
  static double run(Session session, int connections, double seconds) throws Exception {
    MimeMessage message = Payload.mime(session, Payload.subject(0), Payload.BODY, Payload.ATTACHMENT);
    Address[] recipients = message.getAllRecipients();
    AtomicLong sent = new AtomicLong();
    List<Exception> failures = new ArrayList<>();
    long start = System.nanoTime();
    long deadline = start + (long) (seconds * 1e9);
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < connections; i++) {
      Thread t =
          new Thread(
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
              },
              "bench-raw-" + i);
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    if (!failures.isEmpty()) {
      throw failures.get(0);
    }
    return sent.get() / ((System.nanoTime() - start) / 1e9);
  }
}
