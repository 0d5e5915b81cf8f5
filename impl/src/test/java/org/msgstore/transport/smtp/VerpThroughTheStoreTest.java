package org.msgstore.transport.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.XAConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.msgstore.FolderKind;
import org.msgstore.Message;
import org.msgstore.PropTag;
import org.msgstore.Row;
import org.msgstore.bounce.BounceToken;
import org.msgstore.bounce.DeliveryReport;
import org.msgstore.bounce.ReportMatcher;
import org.msgstore.spooler.Spooler;
import org.msgstore.spooler.SpoolerSettings;
import org.msgstore.store.LateReports;
import org.msgstore.store.MailboxSession;
import org.msgstore.store.MessageStore;
import org.msgstore.store.SettableClock;
import org.msgstore.testing.PlainConnection;
import org.msgstore.testing.TestMessage;
import org.msgstore.testing.TestStores;
import org.msgstore.testing.TestTransportContext;

/**
 * The whole send path with {@code bounceAddress}: the spooler hands the SMTP transport the stored
 * message's row ids, so each recipient's envelope sender carries a token that names the sender's
 * mailbox, the message and that recipient's row; recording a late bounce by it writes an NDR for
 * that recipient only.
 */
class VerpThroughTheStoreTest {
  private static final String KEY = "store-signing-key-0123";

  @TempDir Path dir;
  SettableClock clock = new SettableClock(Instant.parse("2026-11-24T12:00:00Z"));
  ScriptedSmtpServer server;
  MessageStore store;
  XAConnection physical;
  PlainConnection connection;
  MailboxSession shop;
  SmtpTransport smtp;
  Spooler spooler;

  @BeforeEach
  void open() throws Exception {
    server = new ScriptedSmtpServer();
    store = MessageStore.open(TestStores.h2(dir), clock);
    physical = store.openXAConnection();
    connection = new PlainConnection(physical.getConnection());
    shop = store.session(connection, "shop");
    Map<String, String> settings = TestTransportContext.smtpLoopback(server.port());
    settings.put("bounceAddress", "bounces@shop.example");
    settings.put("bounceSigningKeys", KEY);
    smtp = TestTransportContext.startedSmtp(settings);
    spooler =
        new Spooler(
            store,
            SpoolerSettings.builder("node-1").lease(Duration.ofMinutes(2)).batchSize(10).build(),
            List.of(smtp));
  }

  @AfterEach
  void close() throws Exception {
    spooler.close();
    smtp.close();
    physical.close();
    store.close();
    server.close();
  }

  @Test
  void each_recipients_token_names_the_stored_rows_and_a_late_bounce_by_it_fails_only_that_one()
      throws Exception {
    TestMessage.subject("Order 4711")
        .from("shop@shop.example")
        .to("bob@dest.example", "carol@dest.example", "dave@dest.example")
        .submitIn(shop.openFolder(FolderKind.OUTBOX));
    spooler.runOnce();

    assertEquals(3, server.received.size());
    ReportMatcher matcher =
        new ReportMatcher("bounces+", List.of(KEY.getBytes(StandardCharsets.UTF_8)));
    Map<String, BounceToken> tokens = new HashMap<>();
    for (ScriptedSmtpServer.Received r : server.received) {
      String rcpt = r.rcptTo().get(0);
      tokens.put(rcpt, matcher.match(failed(r.mailFrom(), rcpt)).orElseThrow().token());
    }
    BounceToken bob = tokens.get("bob@dest.example");
    BounceToken carol = tokens.get("carol@dest.example");
    assertEquals(bob.messageId(), carol.messageId(), "one message");
    assertEquals(bob.mailboxId(), carol.mailboxId(), "one sender");
    assertTrue(bob.recipientRow() != carol.recipientRow(), "each its own row");
    assertTrue(shop.openFolder(FolderKind.INBOX).getContentsTable().isEmpty(), "all delivered");

    LateReports.Result result =
        store
            .lateReports()
            .record(
                connection,
                carol.mailboxId(),
                carol.messageId(),
                carol.recipientRow(),
                "carol@dest.example",
                new LateReports.Failed("5.1.1", "550 5.1.1 no such user", 1, 35, true));

    assertEquals(LateReports.Result.NDR_WRITTEN, result, "the token names the stored rows");
    List<Row> inbox = shop.openFolder(FolderKind.INBOX).getContentsTable();
    assertEquals(1, inbox.size());
    try (Message ndr = shop.openEntry(inbox.get(0).entryId())) {
      assertEquals("Report.IPM.Note.NDR", ndr.get(PropTag.PR_MESSAGE_CLASS));
      assertEquals(1, ndr.getRecipients().size());
      assertEquals("carol@dest.example", ndr.getRecipients().get(0).address());
    }
  }

  private static DeliveryReport failed(String returnPath, String recipient) {
    return new DeliveryReport(
        DeliveryReport.Kind.DELIVERY_STATUS,
        Optional.empty(),
        List.of(
            new DeliveryReport.RecipientStatus(
                "failed",
                "5.1.1",
                Optional.of("550 5.1.1 no such user"),
                recipient,
                Optional.empty(),
                Optional.empty())),
        Optional.empty(),
        List.of(returnPath),
        Optional.empty());
  }
}
