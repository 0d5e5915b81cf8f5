package org.msgstore.transport.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.msgstore.Attachment;
import org.msgstore.EntryId;
import org.msgstore.PropTag;
import org.msgstore.Recipient;
import org.msgstore.RecipientType;
import org.msgstore.bounce.BounceToken;
import org.msgstore.bounce.DeliveryReport;
import org.msgstore.bounce.ReportMatcher;
import org.msgstore.spi.DeliveryResult;
import org.msgstore.spi.DeliveryResult.Deferred;
import org.msgstore.spi.DeliveryResult.Delivered;
import org.msgstore.spi.DeliveryResult.Failed;
import org.msgstore.spi.OutboundMessage;

/**
 * The envelope sender with {@code bounceAddress} set (VERP): one transaction per recipient on one
 * SMTP session, each from {@code bounces+<token>@…} with a token that {@link ReportMatcher}
 * verifies back to the mailbox, message and recipient rows; the recipients' verdicts as without it.
 * The scripted server's recorded MAIL and RCPT lines are the evidence.
 */
class VerpEnvelopeTest {
  private static final String KEY = "first-signing-key-0123";
  private static final String OLD_KEY = "older-signing-key-4567";

  @AutoClose private final ScriptedRelay relay = new ScriptedRelay();
  private final ScriptedSmtpServer server = relay.server;
  private SmtpTransport transport;

  private SmtpTransport transport(String keys) {
    return transport(keys, Map.of());
  }

  private SmtpTransport transport(String keys, Map<String, String> more) {
    Map<String, String> settings = relay.settings();
    if (keys != null) {
      settings.put("bounceAddress", "bounces@app.example.com");
      settings.put("bounceSigningKeys", keys);
    }
    settings.putAll(more);
    transport = relay.start(settings);
    return transport;
  }

  private static FakeMessage message(String... to) {
    FakeMessage m = FakeMessage.from("alice@sender.test", "Alice").rows(7, 1234);
    for (String a : to) {
      m.to(RecipientType.TO, a, a);
    }
    return m;
  }

  private static ReportMatcher matcher(String... keys) {
    return new ReportMatcher(
        "bounces+", List.of(keys).stream().map(k -> k.getBytes(StandardCharsets.UTF_8)).toList());
  }

  /** A bounce for {@code recipient} that came back to {@code returnPath}. */
  private static DeliveryReport bounce(String returnPath, String recipient) {
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

  private Map<String, String> senderByRecipient() {
    Map<String, String> senders = new HashMap<>();
    for (ScriptedSmtpServer.Received r : server.received) {
      assertEquals(1, r.rcptTo().size(), "one recipient per transaction: " + r.rcptTo());
      senders.put(r.rcptTo().get(0), r.mailFrom());
    }
    return senders;
  }

  @Test
  void each_recipient_gets_its_own_transaction_on_one_session_from_a_token_naming_its_rows()
      throws Exception {
    SmtpTransport t = transport(KEY);
    FakeMessage m = message("bob@rcpt.test", "carol@rcpt.test", "dave@other.test");

    List<DeliveryResult> v = t.deliver(m, m.offered());

    v.forEach(r -> assertInstanceOf(Delivered.class, r, v.toString()));
    assertEquals(1, server.connections.get(), "one session carries every transaction");
    assertEquals(3, server.received.size());
    Map<String, String> senders = senderByRecipient();
    List<String> rcpts = List.of("bob@rcpt.test", "carol@rcpt.test", "dave@other.test");
    for (int row = 1; row <= 3; row++) {
      String rcpt = rcpts.get(row - 1);
      String sender = senders.get(rcpt);
      assertTrue(sender.matches("bounces\\+m[0-9a-z-]+@app\\.example\\.com"), sender);
      ReportMatcher.Match match = matcher(KEY).match(bounce(sender, rcpt)).orElseThrow();
      assertEquals(new BounceToken(7, 1234, row), match.token(), sender);
      assertEquals(rcpt, match.address());
    }
    for (ScriptedSmtpServer.Received r : server.received) {
      assertTrue(r.data().contains("From: Alice <alice@sender.test>"), "From stays the app's");
    }
  }

  @Test
  void a_relay_refusing_one_recipient_fails_only_that_one_and_delivers_the_others()
      throws Exception {
    server.rcptReply =
        address ->
            address.startsWith("gone")
                ? "550 5.1.1 <" + address + ">: no such user"
                : address.startsWith("busy") ? "451 4.3.0 try later" : "250 2.1.5 OK";
    SmtpTransport t = transport(KEY);
    FakeMessage m = message("bob@rcpt.test", "gone@rcpt.test", "busy@rcpt.test", "dave@rcpt.test");

    List<DeliveryResult> v = t.deliver(m, m.offered());

    assertInstanceOf(Delivered.class, v.get(0), v.toString());
    Failed gone = assertInstanceOf(Failed.class, v.get(1), v.toString());
    assertEquals(MapiCodes.MAPI_DIAG_MAIL_RECIPIENT_UNKNOWN, gone.ndrDiagCode());
    assertTrue(gone.reason().contains("no such user"), gone.reason());
    Deferred busy = assertInstanceOf(Deferred.class, v.get(2), v.toString());
    assertTrue(busy.reason().contains("try later"), busy.reason());
    assertInstanceOf(Delivered.class, v.get(3), v.toString());
    assertEquals(1, server.connections.get(), "a refused RCPT leaves the session usable");
    assertEquals(
        List.of("bob@rcpt.test", "dave@rcpt.test"),
        server.received.stream().map(r -> r.rcptTo().get(0)).toList());
  }

  @Test
  void a_session_the_server_closes_after_each_message_is_replaced_for_the_next_recipient()
      throws Exception {
    server.closeAfterMessage = true;
    SmtpTransport t = transport(KEY);
    FakeMessage m = message("bob@rcpt.test", "carol@rcpt.test", "dave@rcpt.test");

    List<DeliveryResult> v = t.deliver(m, m.offered());

    v.forEach(r -> assertInstanceOf(Delivered.class, r, v.toString()));
    assertEquals(3, server.received.size());
    assertEquals(3, server.connections.get());
  }

  @Test
  void a_relay_that_hangs_on_one_transaction_defers_the_rest_without_trying_them()
      throws Exception {
    server.hangAfterData = true;
    SmtpTransport t = transport(KEY);
    FakeMessage m = message("bob@rcpt.test", "carol@rcpt.test", "dave@rcpt.test");

    List<DeliveryResult> v = t.deliver(m, m.offered());

    v.forEach(r -> assertInstanceOf(Deferred.class, r, v.toString()));
    for (DeliveryResult later : v.subList(1, 3)) {
      String reason = ((Deferred) later).reason();
      assertTrue(reason.contains("failed on an earlier recipient"), reason);
    }
    assertEquals(1, server.connections.get(), "a hung relay is not given another session");
    assertEquals(1, server.commands.stream().filter(c -> c.startsWith("MAIL")).count());
  }

  @Test
  void two_rows_with_one_address_share_one_transaction_whose_token_names_the_first_row()
      throws Exception {
    SmtpTransport t = transport(KEY);
    FakeMessage m = message("bob@rcpt.test", "carol@rcpt.test");
    m.to(RecipientType.CC, "Bob again", "BOB@rcpt.test");

    List<DeliveryResult> v = t.deliver(m, m.offered());

    v.forEach(r -> assertInstanceOf(Delivered.class, r, v.toString()));
    assertEquals(2, server.received.size(), "one RCPT per distinct address (R15)");
    String sender = senderByRecipient().get("bob@rcpt.test");
    assertEquals(
        new BounceToken(7, 1234, 1),
        matcher(KEY).match(bounce(sender, "bob@rcpt.test")).orElseThrow().token());
  }

  @Test
  void a_forged_or_altered_token_does_not_verify() throws Exception {
    SmtpTransport t = transport(KEY);
    FakeMessage m = message("bob@rcpt.test");
    t.deliver(m, m.offered());
    String sender = server.received.peek().mailFrom();
    String local = sender.substring(0, sender.indexOf('@'));
    // m<mailbox>-<message>-<row>-<mac>: the message id changed, the MAC kept.
    String[] parts = local.substring("bounces+".length()).split("-");
    String otherMessage =
        "bounces+"
            + parts[0]
            + "-"
            + Long.toString(Long.parseLong(parts[1], 36) + 1, 36)
            + "-"
            + parts[2]
            + "-"
            + parts[3]
            + "@app.example.com";
    String otherMac = sender.replace(parts[3], new StringBuilder(parts[3]).reverse().toString());
    String foreignSigner =
        "bounces+"
            + new BounceToken(7, 1234, 1).sign("someone-elses-key-xyz".getBytes())
            + "@app.example.com";

    assertTrue(matcher(KEY).match(bounce(sender, "bob@rcpt.test")).isPresent(), "the real one");
    for (String forged : List.of(otherMessage, otherMac, foreignSigner)) {
      assertEquals(
          Optional.empty(),
          matcher(KEY).match(bounce(forged, "bob@rcpt.test")),
          "forged " + forged);
    }
    assertEquals(
        Optional.empty(),
        matcher(OLD_KEY).match(bounce(sender, "bob@rcpt.test")),
        "a key that did not sign it does not verify it");
  }

  @Test
  void after_a_key_rotation_the_new_key_signs_and_tokens_signed_with_the_old_one_still_verify()
      throws Exception {
    SmtpTransport before = transport(OLD_KEY);
    FakeMessage m = message("bob@rcpt.test");
    before.deliver(m, m.offered());
    before.close();
    String oldSender = server.received.poll().mailFrom();

    SmtpTransport after = transport(KEY + ", " + OLD_KEY);
    after.deliver(m, m.offered());
    String newSender = server.received.poll().mailFrom();

    ReportMatcher rotated = matcher(KEY, OLD_KEY);
    assertTrue(rotated.match(bounce(oldSender, "bob@rcpt.test")).isPresent(), oldSender);
    assertTrue(rotated.match(bounce(newSender, "bob@rcpt.test")).isPresent(), newSender);
    assertTrue(matcher(KEY).match(bounce(newSender, "bob@rcpt.test")).isPresent(), "new key signs");
    assertTrue(matcher(KEY).match(bounce(oldSender, "bob@rcpt.test")).isEmpty());
  }

  @Test
  void a_message_without_store_rows_goes_in_one_transaction_from_the_bare_bounce_address()
      throws Exception {
    SmtpTransport t = transport(KEY);
    FakeMessage m = message("bob@rcpt.test", "carol@rcpt.test");
    OutboundMessage notStored =
        new OutboundMessage() {
          @Override
          public EntryId entryId() {
            return m.entryId();
          }

          @Override
          public String mailbox() {
            return m.mailbox();
          }

          @Override
          public String internetMessageId() {
            return m.internetMessageId();
          }

          @Override
          public List<Recipient> recipients() {
            return m.recipients();
          }

          @Override
          public List<Attachment> attachments() {
            return m.attachments();
          }

          @Override
          public <T> T get(PropTag<T> tag) {
            return m.get(tag);
          }

          @Override
          public Set<PropTag<?>> tags() {
            return m.tags();
          }
        };

    List<DeliveryResult> v = t.deliver(notStored, m.offered());

    v.forEach(r -> assertInstanceOf(Delivered.class, r, v.toString()));
    assertEquals(1, server.received.size());
    assertEquals("bounces@app.example.com", server.received.peek().mailFrom());
  }

  @Test
  void without_a_bounce_address_one_transaction_carries_every_recipient_from_the_from_address()
      throws Exception {
    SmtpTransport t = transport(null);
    FakeMessage m = message("bob@rcpt.test", "carol@rcpt.test", "dave@other.test");

    t.deliver(m, m.offered());

    assertEquals(1, server.received.size());
    ScriptedSmtpServer.Received r = server.received.peek();
    assertEquals("alice@sender.test", r.mailFrom());
    assertEquals(List.of("bob@rcpt.test", "carol@rcpt.test", "dave@other.test"), r.rcptTo());
  }

  @Test
  void each_transaction_has_its_own_deadline_so_a_slow_relay_takes_every_recipient()
      throws Exception {
    // Each transaction takes 1.5 s of its 4 s; the three together take longer than one deadline.
    server.dataEndDelayMs = 1_500;
    SmtpTransport t = transport(KEY, Map.of("smtpSendTimeoutMs", "4000"));
    FakeMessage m = message("bob@rcpt.test", "carol@rcpt.test", "dave@rcpt.test");

    long start = System.nanoTime();
    List<DeliveryResult> v = t.deliver(m, m.offered());
    long tookMs = (System.nanoTime() - start) / 1_000_000;

    v.forEach(r -> assertInstanceOf(Delivered.class, r, v.toString()));
    assertTrue(tookMs > 4_000, "the three together outlast one deadline: " + tookMs + " ms");
    assertEquals(3, server.received.size());
    assertEquals(1, server.connections.get());
  }

  @Test
  void no_transaction_starts_once_the_message_has_used_its_first_deadline() throws Exception {
    // 0.5 s per transaction, 1 s deadline: the second starts within the first second, the third
    // would start after it. So a message takes at most twice smtpSendTimeoutMs.
    server.dataEndDelayMs = 500;
    SmtpTransport t = transport(KEY, Map.of("smtpSendTimeoutMs", "1000"));
    FakeMessage m = message("bob@rcpt.test", "carol@rcpt.test", "dave@rcpt.test");

    List<DeliveryResult> v = t.deliver(m, m.offered());

    assertInstanceOf(Delivered.class, v.get(0), v.toString());
    assertInstanceOf(Delivered.class, v.get(1), v.toString());
    Deferred dave = assertInstanceOf(Deferred.class, v.get(2), v.toString());
    assertTrue(dave.reason().contains("smtpSendTimeoutMs"), dave.reason());
    assertEquals(2, server.commands.stream().filter(c -> c.startsWith("MAIL")).count());
  }

  @Test
  void a_token_too_long_for_smtps_local_part_goes_from_the_bare_address_with_the_token_as_envid()
      throws Exception {
    // A strict relay refuses a local part over RFC 5321's 64 octets, for every recipient.
    server.mailReply =
        path -> path.indexOf('@') > 64 ? "553 5.1.7 local part too long" : "250 2.1.0 OK";
    server.extensions = List.of("DSN");
    String bare = "application-bounces-production@app.example.com"; // a local part of 30
    SmtpTransport t = transport(KEY, Map.of("bounceAddress", bare));
    long mailbox = 2_821_109_907_456L; // 36^8
    long message = 131_621_703_842_267_136L; // 36^11
    FakeMessage huge = message("bob@rcpt.test", "carol@rcpt.test").rows(mailbox, message);
    FakeMessage small = message("dave@rcpt.test");
    List<java.util.logging.LogRecord> logged = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.logging.Handler recorder =
        new java.util.logging.Handler() {
          @Override
          public void publish(java.util.logging.LogRecord r) {
            logged.add(r);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    java.util.logging.Logger log =
        java.util.logging.Logger.getLogger(SmtpTransport.class.getName());
    log.addHandler(recorder);
    List<DeliveryResult> v;
    List<DeliveryResult> w;
    try {
      v = t.deliver(huge, huge.offered());
      t.deliver(huge, huge.offered());
      w = t.deliver(small, small.offered());
    } finally {
      log.removeHandler(recorder);
    }

    v.forEach(r -> assertInstanceOf(Delivered.class, r, v.toString()));
    assertInstanceOf(Delivered.class, w.get(0), w.toString());
    List<String> mails = server.commands.stream().filter(c -> c.startsWith("MAIL")).toList();
    String bobToken =
        new BounceToken(mailbox, message, 1).sign(KEY.getBytes(StandardCharsets.UTF_8));
    assertTrue(("application-bounces-production+" + bobToken).length() > 64, "the test's premise");
    assertEquals("MAIL FROM:<" + bare + "> RET=HDRS ENVID=" + bobToken, mails.get(0));
    String daveToken = new BounceToken(7, 1234, 1).sign(KEY.getBytes(StandardCharsets.UTF_8));
    assertEquals(
        "MAIL FROM:<application-bounces-production+"
            + daveToken
            + "@app.example.com> RET=HDRS ENVID="
            + daveToken,
        mails.get(mails.size() - 1),
        "a token that fits still goes into the envelope sender");
    assertEquals(
        1,
        logged.stream().filter(r -> String.valueOf(r.getMessage()).contains("MSGS4070")).count(),
        "logged once, not per transaction");
  }
}
