package org.msgstore.spooler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.msgstore.FolderKind;
import org.msgstore.PropTag;
import org.msgstore.spi.TransportProvider;
import org.msgstore.store.SettableClock;
import org.msgstore.testing.TestTransportContext;
import org.msgstore.transport.smtp.SmtpTransport;

/** The spooler with the real SMTP transport against a real SMTP server on loopback (GreenMail). */
class SpoolerSmtpTest {
  @TempDir Path dir;
  SettableClock clock = new SettableClock(Instant.parse("2026-11-24T12:00:00Z"));
  SpoolerFixture f;
  GreenMail greenMail;
  int port;
  TransportProvider smtp;

  @BeforeEach
  void open() throws Exception {
    f = new SpoolerFixture(dir, clock);
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp = new SmtpTransport();
    Map<String, String> settings = TestTransportContext.smtpLoopback(port);
    settings.put("smtpReadTimeoutMs", "5000");
    settings.put("smtpWriteTimeoutMs", "5000");
    smtp.start(new TestTransportContext(settings, clock));
  }

  @AfterEach
  void close() {
    smtp.close();
    greenMail.stop();
    f.close();
  }

  @Test
  void submitted_messages_reach_the_smtp_server_with_bcc_only_in_the_envelope_and_are_filed()
      throws Exception {
    greenMail.start();
    byte[] sent = f.client("shop").getStoreProperty(PropTag.PR_IPM_SENTMAIL_ENTRYID);
    int n = 200;
    for (int i = 0; i < n; i++) {
      int k = i;
      f.submit(
          "shop",
          "Order " + k + " – bestätigt",
          m -> {
            m.set(PropTag.PR_BODY, "Thank you.");
            m.set(PropTag.PR_SENTMAIL_ENTRYID, sent);
            m.addRecipient(
                org.msgstore.RecipientType.TO, "Alice", "SMTP", "alice" + k + "@example.com");
            m.addRecipient(org.msgstore.RecipientType.CC, "Bob", "SMTP", "bob@example.com");
            m.addRecipient(org.msgstore.RecipientType.BCC, "Audit", "SMTP", "audit@example.com");
          });
    }
    Spooler s = f.spooler("node-1", smtp);
    long start = System.nanoTime();
    int rounds = 0;
    while (s.runOnce() > 0 && rounds++ < 1000) {
      // rounds of batchSize until the queue is empty
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "spooler -> SMTP (GreenMail, loopback): %d messages x 3 recipients in %.2f s = %.0f messages/s%n",
        n, seconds, n / seconds);

    assertTrue(greenMail.waitForIncomingEmail(10_000, 3 * n));
    MimeMessage first = greenMail.getReceivedMessagesForDomain("example.com")[0];
    assertEquals(null, first.getHeader("Bcc"), "Bcc only in the envelope (R15)");
    assertTrue(first.getSubject().startsWith("Order "));
    assertEquals(1, first.getRecipients(RecipientType.TO).length);
    assertEquals(n, f.client("shop").openFolder(FolderKind.SENT_ITEMS).getContentsTable().size());
    assertTrue(
        f.client("shop").openFolder(FolderKind.INBOX).getContentsTable().isEmpty(), "no reports");
    assertEquals(3L * n, f.counters.count(SpoolerEvent.Kind.DELIVERED));
  }

  @Test
  void four_delivery_threads_share_the_smtp_sessions_and_deliver_every_message_once()
      throws Exception {
    greenMail.start();
    int n = 400;
    for (int i = 0; i < n; i++) {
      f.submitTo("shop", "parallel " + i, "p" + i + "@example.com");
    }
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(4);
    var settings = SpoolerSettings.builder("node-1").lease(SpoolerFixture.LEASE).build();
    Spooler s = new Spooler(f.store, settings, java.util.List.of(smtp), pool, 4);
    long start = System.nanoTime();
    try {
      while (s.runOnce() > 0) {
        // rounds of 20 until the queue is empty
      }
    } finally {
      pool.shutdown();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "spooler (4 delivery threads) -> SMTP (GreenMail, loopback): %d messages in %.2f s = %.0f messages/s%n",
        n, seconds, n / seconds);
    assertTrue(greenMail.waitForIncomingEmail(10_000, n));
    assertEquals(n, greenMail.getReceivedMessages().length, "each message once");
    assertTrue(
        f.client("shop").openFolder(FolderKind.OUTBOX).getContentsTable().stream()
            .allMatch(
                r ->
                    (r.get(PropTag.PR_MESSAGE_FLAGS) & org.msgstore.MessageFlags.MSGFLAG_SUBMIT)
                        == 0),
        "all finished");
  }

  @Test
  void with_the_server_down_a_message_is_deferred_and_delivered_once_it_is_back() throws Exception {
    f.submitTo("shop", "patience", "alice@example.com");
    Spooler s = f.spooler("node-1", smtp);
    s.runOnce();
    assertEquals(1, f.counters.count(SpoolerEvent.Kind.DEFERRED));
    assertEquals(0, greenMail.getReceivedMessages().length);
    greenMail.start();
    clock.advance(Duration.ofMinutes(5));
    assertEquals(1, s.runOnce());
    assertTrue(greenMail.waitForIncomingEmail(5_000, 1));
    assertEquals("patience", greenMail.getReceivedMessages()[0].getSubject());
    int flags =
        f.client("shop")
            .openFolder(FolderKind.OUTBOX)
            .getContentsTable()
            .get(0)
            .get(PropTag.PR_MESSAGE_FLAGS);
    assertEquals(
        0,
        flags & org.msgstore.MessageFlags.MSGFLAG_SUBMIT,
        "finished: no longer submitted, left in the Outbox");
  }
}
