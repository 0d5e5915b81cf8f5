package org.msgstore.transport.smtp;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.msgstore.RecipientType;
import org.msgstore.spi.DeliveryResult;
import org.msgstore.testing.TestTransportContext;

/**
 * What one transaction per recipient ({@code bounceAddress} set) costs against one transaction for
 * all recipients: one thread hands messages of 1, 3 and 10 recipients to GreenMail on loopback
 * through one reused SMTP session, and reports messages and recipients per second, each the median
 * of {@code bench.rounds} alternating rounds of {@code bench.messages} messages each, after a
 * warm-up.
 *
 * <p>Not a test: the name keeps it out of {@code mvn verify}. Run it with {@code mvn -o -q -B -pl
 * impl test -Dtest=VerpCostBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class VerpCostBenchmark {
  private static final int MESSAGES = Integer.getInteger("bench.messages", 300);
  private static final int ROUNDS = Integer.getInteger("bench.rounds", 5);

  @Test
  void one_transaction_per_recipient_against_one_per_message() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    GreenMail greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", "smtp"));
    greenMail.start();
    try {
      System.out.printf(
          "%-11s %-22s %10s %12s%n", "recipients", "envelope", "messages/s", "recipients/s");
      SmtpTransport warmUp = transport(port, true);
      round(warmUp, 3, MESSAGES, -1); // the JIT, before anything is measured
      warmUp.close();
      for (int recipients : new int[] {1, 3, 10}) {
        SmtpTransport from = transport(port, false);
        SmtpTransport verp = transport(port, true);
        List<Double> fromRates = new ArrayList<>();
        List<Double> verpRates = new ArrayList<>();
        // Alternating rounds, so a load change on the machine hits both alike.
        for (int round = 0; round < ROUNDS; round++) {
          fromRates.add(round(from, recipients, MESSAGES, 2 * round));
          verpRates.add(round(verp, recipients, MESSAGES, 2 * round + 1));
          greenMail.purgeEmailFromAllMailboxes();
        }
        from.close();
        verp.close();
        print(recipients, "one for all (From)", median(fromRates));
        print(recipients, "per recipient (VERP)", median(verpRates));
      }
    } finally {
      greenMail.stop();
    }
  }

  private static void print(int recipients, String envelope, double messagesPerSecond) {
    System.out.printf(
        "%-11d %-22s %10.0f %12.0f%n",
        recipients, envelope, messagesPerSecond, messagesPerSecond * recipients);
  }

  private static double median(List<Double> rates) {
    List<Double> sorted = new ArrayList<>(rates);
    sorted.sort(null);
    return sorted.get(sorted.size() / 2);
  }

  private static SmtpTransport transport(int port, boolean verp) {
    Map<String, String> settings = TestTransportContext.smtpLoopback(port);
    settings.put("smtpSessions", "1");
    if (verp) {
      settings.put("bounceAddress", "bounces@app.example.com");
      settings.put("bounceSigningKeys", "benchmark-signing-key-01");
    }
    return TestTransportContext.startedSmtp(settings);
  }

  /** Messages per second for {@code messages} messages of {@code recipients} recipients each. */
  private static double round(SmtpTransport transport, int recipients, int messages, int round)
      throws Exception {
    long start = System.nanoTime();
    for (int i = 0; i < messages; i++) {
      FakeMessage m =
          FakeMessage.from("shop@sender.test", "Shop")
              .messageId("<bench-" + round + "-" + i + "@msgstore.test>")
              .rows(1, 100_000L + (long) round * messages + i);
      for (int r = 0; r < recipients; r++) {
        m.to(RecipientType.TO, "R" + r, "r" + r + "-" + i + "@rcpt.test");
      }
      for (DeliveryResult v : transport.deliver(m, m.offered())) {
        assertInstanceOf(DeliveryResult.Delivered.class, v);
      }
    }
    return messages / ((System.nanoTime() - start) / 1e9);
  }
}
