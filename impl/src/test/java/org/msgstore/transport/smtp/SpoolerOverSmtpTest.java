package org.msgstore.transport.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.XAConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.msgstore.FolderKind;
import org.msgstore.Message;
import org.msgstore.PropTag;
import org.msgstore.Recipient;
import org.msgstore.Row;
import org.msgstore.spooler.Spooler;
import org.msgstore.spooler.SpoolerSettings;
import org.msgstore.store.MailboxSession;
import org.msgstore.store.MessageStore;
import org.msgstore.store.SettableClock;
import org.msgstore.testing.PlainConnection;
import org.msgstore.testing.TestMessage;
import org.msgstore.testing.TestStores;
import org.msgstore.testing.TestTransportContext;

/**
 * The whole send path against an SMTP server on loopback that answers as scripted: permanent and
 * temporary refusals become NDRs and retries per recipient.
 */
class SpoolerOverSmtpTest {
  @TempDir Path dir;
  SettableClock clock = new SettableClock(Instant.parse("2026-11-24T12:00:00Z"));
  ScriptedSmtpServer server;
  MessageStore store;
  XAConnection physical;
  MailboxSession shop;
  SmtpTransport smtp;
  Spooler spooler;

  @BeforeEach
  void open() throws Exception {
    server = new ScriptedSmtpServer();
    store = MessageStore.open(TestStores.h2(dir), clock);
    physical = store.openXAConnection();
    shop = store.session(new PlainConnection(physical.getConnection()), "shop");
    smtp = TestTransportContext.startedSmtp(TestTransportContext.smtpLoopback(server.port()));
    spooler =
        new Spooler(
            store,
            SpoolerSettings.builder("node-1").lease(Duration.ofMinutes(2)).batchSize(10).build(),
            List.of(smtp));
  }

  @AfterEach
  void close() throws Exception {
    spooler.close();
    physical.close();
    store.close();
    server.close();
  }

  private void submit(String subject, String... to) {
    TestMessage.subject(subject)
        .from("shop@example.com")
        .to(to)
        .submitIn(shop.openFolder(FolderKind.OUTBOX));
  }

  @Test
  void
      a_5xx_for_one_recipient_gives_an_NDR_with_the_servers_reason_and_the_others_receive_the_message() {
    server.rcptReply =
        address ->
            address.startsWith("gone")
                ? "550 5.1.1 <" + address + ">: no such user"
                : "250 2.1.5 OK";
    submit("partial", "gone@example.com", "here@example.com");
    spooler.runOnce();

    assertEquals(1, server.received.size());
    assertEquals(List.of("here@example.com"), server.received.peek().rcptTo());
    List<Row> inbox = shop.openFolder(FolderKind.INBOX).getContentsTable();
    assertEquals(1, inbox.size());
    try (Message ndr = shop.openEntry(inbox.get(0).entryId())) {
      assertEquals("Report.IPM.Note.NDR", ndr.get(PropTag.PR_MESSAGE_CLASS));
      Recipient failed = ndr.getRecipients().get(0);
      assertEquals("gone@example.com", failed.address());
      assertTrue(
          failed.get(PropTag.PR_REPORT_TEXT).contains("550"), failed.get(PropTag.PR_REPORT_TEXT));
      assertEquals(35, failed.get(PropTag.PR_NDR_DIAG_CODE)); // MAPI_DIAG_MAIL_RECIPIENT_UNKNOWN
      assertEquals(1, ndr.getRecipients().size());
    }
  }

  @Test
  void a_4xx_is_retried_after_the_back_off_and_then_delivered() {
    AtomicInteger attempts = new AtomicInteger();
    server.rcptReply =
        address ->
            attempts.incrementAndGet() == 1 ? "451 4.7.1 greylisted, try later" : "250 2.1.5 OK";
    submit("greylisted", "new@example.com");
    spooler.runOnce();
    assertTrue(server.received.isEmpty());
    assertEquals(0, spooler.runOnce(), "not before the back-off");
    clock.advance(Duration.ofMinutes(5));
    assertEquals(1, spooler.runOnce());
    assertEquals(1, server.received.size());
    assertTrue(
        shop.openFolder(FolderKind.INBOX).getContentsTable().isEmpty(),
        "no report for a delivered message");
    assertEquals(2, attempts.get());
  }
}
