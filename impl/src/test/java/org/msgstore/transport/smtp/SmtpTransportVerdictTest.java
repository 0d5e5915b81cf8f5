package org.msgstore.transport.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.msgstore.PropTag;
import org.msgstore.RecipientType;
import org.msgstore.spi.DeliveryResult;
import org.msgstore.spi.DeliveryResult.Declined;
import org.msgstore.spi.DeliveryResult.Deferred;
import org.msgstore.spi.DeliveryResult.Delivered;
import org.msgstore.spi.DeliveryResult.Failed;
import org.msgstore.spi.OutboundRecipient;
import org.msgstore.spi.TransportProvider;
import org.msgstore.testing.TestTransportContext;

/**
 * Verdicts against a scripted SMTP server (jca-notes rules 25, 26): GreenMail accepts everything,
 * so refusals, hangs and closed sessions are played by {@link ScriptedSmtpServer}.
 */
class SmtpTransportVerdictTest {
  /**
   * A hung peer must be given up on well within this; the guard only stops a hang, it measures
   * nothing.
   */
  private static final Duration HANG_GUARD = Duration.ofSeconds(15);

  @AutoClose private final ScriptedRelay relay = new ScriptedRelay();
  private final ScriptedSmtpServer server = relay.server;
  private SmtpTransport transport;

  private SmtpTransport transport(Map<String, String> extra) {
    Map<String, String> settings = relay.settings();
    settings.putAll(extra);
    transport = relay.start(settings);
    return transport;
  }

  private static FakeMessage message(String... to) {
    FakeMessage m = FakeMessage.from("alice@sender.test", "Alice");
    for (String a : to) {
      m.to(RecipientType.TO, a, a);
    }
    return m;
  }

  private static List<DeliveryResult> deliver(SmtpTransport t, FakeMessage m) throws Exception {
    return t.deliver(m, m.offered());
  }

  @Test
  void one_smtp_session_carries_several_messages() throws Exception {
    SmtpTransport t = transport(Map.of());

    for (int i = 0; i < 5; i++) {
      List<DeliveryResult> v =
          deliver(t, message("bob@rcpt.test").messageId("<m" + i + "@msgstore.test>"));
      assertInstanceOf(Delivered.class, v.get(0));
    }

    assertEquals(1, server.connections.get());
    assertEquals(1, t.openedSessions());
    assertEquals(5, server.received.size());
  }

  @Test
  void after_the_server_closes_the_session_the_next_message_opens_a_new_one_and_succeeds()
      throws Exception {
    server.closeAfterMessage = true;
    SmtpTransport t = transport(Map.of());

    for (int i = 0; i < 3; i++) {
      assertInstanceOf(
          Delivered.class, deliver(t, message("bob@rcpt.test")).get(0), "message " + i);
    }

    assertEquals(3, server.connections.get());
    assertEquals(3, server.received.size());
  }

  @Test
  void a_session_the_server_ended_with_a_421_is_replaced_and_the_next_message_succeeds()
      throws Exception {
    server.say421AfterMessage = true;
    SmtpTransport t = transport(Map.of());

    for (int i = 0; i < 3; i++) {
      assertInstanceOf(
          Delivered.class, deliver(t, message("bob@rcpt.test")).get(0), "message " + i);
    }

    assertEquals(3, server.connections.get());
  }

  @Test
  void a_session_broken_without_a_word_is_replaced_and_the_next_message_succeeds()
      throws Exception {
    SmtpTransport t = transport(Map.of());
    assertInstanceOf(Delivered.class, deliver(t, message("a@rcpt.test")).get(0));

    server.dropSessions();

    assertInstanceOf(Delivered.class, deliver(t, message("b@rcpt.test")).get(0));
    assertEquals(2, server.connections.get());
    assertEquals(2, server.received.size());
  }

  @Test
  void a_4xx_reply_to_RCPT_defers_the_recipient_and_leaves_the_retry_time_to_the_spooler()
      throws Exception {
    server.rcptReply = a -> "451 4.3.0 try again later";

    DeliveryResult v = deliver(transport(Map.of()), message("bob@rcpt.test")).get(0);

    Deferred d = assertInstanceOf(Deferred.class, v);
    assertTrue(d.reason().contains("451 4.3.0 try again later"), d.reason());
    assertNull(d.retryAfter());
    assertTrue(server.received.isEmpty());
  }

  @Test
  void a_552_reply_to_RCPT_is_temporary_as_RFC_5321_says() throws Exception {
    server.rcptReply = a -> "552 5.2.2 mailbox full";

    assertInstanceOf(Deferred.class, deliver(transport(Map.of()), message("bob@rcpt.test")).get(0));
  }

  @Test
  void a_5xx_reply_to_RCPT_fails_the_recipient_with_the_servers_text_and_MAPI_codes()
      throws Exception {
    server.rcptReply = a -> "550 5.1.1 no such user here";

    DeliveryResult v = deliver(transport(Map.of()), message("nobody@rcpt.test")).get(0);

    Failed f = assertInstanceOf(Failed.class, v);
    assertTrue(f.reason().contains("550 5.1.1 no such user here"), f.reason());
    assertTrue(f.reason().contains("nobody@rcpt.test"), f.reason());
    assertEquals(MapiCodes.MAPI_REASON_TRANSFER_IMPOSSIBLE, f.ndrReasonCode());
    assertEquals(MapiCodes.MAPI_DIAG_MAIL_RECIPIENT_UNKNOWN, f.ndrDiagCode());
  }

  @Test
  void one_refused_recipient_does_not_stop_delivery_to_the_accepted_ones() throws Exception {
    server.rcptReply =
        a ->
            a.startsWith("bad")
                ? "550 5.1.1 unknown"
                : a.startsWith("later") ? "450 4.2.1 busy" : "250 OK";

    List<DeliveryResult> v =
        deliver(
            transport(Map.of()),
            message("ok1@rcpt.test", "bad@rcpt.test", "later@rcpt.test", "ok2@rcpt.test"));

    assertInstanceOf(Delivered.class, v.get(0));
    assertInstanceOf(Failed.class, v.get(1));
    assertInstanceOf(Deferred.class, v.get(2));
    assertInstanceOf(Delivered.class, v.get(3));
    assertEquals(List.of(1, 2, 3, 4), v.stream().map(DeliveryResult::rowId).toList());
    assertEquals(1, server.received.size());
    assertEquals(List.of("ok1@rcpt.test", "ok2@rcpt.test"), server.received.peek().rcptTo());
  }

  @Test
  void when_every_recipient_is_refused_each_gets_its_own_verdict_and_the_session_is_kept()
      throws Exception {
    server.rcptReply =
        a -> a.startsWith("bad") ? "553 5.1.3 bad address syntax" : "421 4.7.0 slow down";
    SmtpTransport t = transport(Map.of());

    List<DeliveryResult> v = deliver(t, message("bad@rcpt.test", "slow@rcpt.test"));

    assertEquals(
        MapiCodes.MAPI_DIAG_MAIL_ADDRESS_INCORRECT,
        assertInstanceOf(Failed.class, v.get(0)).ndrDiagCode());
    assertInstanceOf(Deferred.class, v.get(1));
    server.rcptReply = a -> "250 OK";
    assertInstanceOf(Delivered.class, deliver(t, message("bob@rcpt.test")).get(0));
    assertEquals(1, server.connections.get());
  }

  @Test
  void a_5xx_reply_after_DATA_fails_every_offered_recipient() throws Exception {
    server.dataEndReply = "554 5.7.1 message content rejected";

    List<DeliveryResult> v = deliver(transport(Map.of()), message("a@rcpt.test", "b@rcpt.test"));

    for (DeliveryResult r : v) {
      Failed f = assertInstanceOf(Failed.class, r);
      assertTrue(f.reason().contains("554 5.7.1 message content rejected"), f.reason());
      assertEquals(MapiCodes.MAPI_DIAG_MAIL_REFUSED, f.ndrDiagCode());
    }
  }

  @Test
  void a_4xx_reply_after_DATA_defers_every_offered_recipient() throws Exception {
    server.dataEndReply = "451 4.3.0 queue full";

    List<DeliveryResult> v = deliver(transport(Map.of()), message("a@rcpt.test", "b@rcpt.test"));

    v.forEach(r -> assertInstanceOf(Deferred.class, r));
  }

  @Test
  void a_server_that_is_down_defers_every_recipient() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    Map<String, String> settings = TestTransportContext.smtpLoopback(closedPort);
    transport = relay.start(settings);

    List<DeliveryResult> v =
        assertTimeoutPreemptively(
            HANG_GUARD, () -> deliver(transport, message("a@rcpt.test", "b@rcpt.test")));

    for (DeliveryResult r : v) {
      Deferred d = assertInstanceOf(Deferred.class, r);
      assertTrue(
          d.reason().contains("cannot open an SMTP session to 127.0.0.1:" + closedPort),
          d.reason());
    }
  }

  @Test
  void a_server_that_accepts_but_never_answers_defers_within_the_read_timeout() {
    server.silent = true;
    SmtpTransport t = transport(Map.of("smtpReadTimeoutMs", "500"));

    long start = System.nanoTime();
    List<DeliveryResult> v =
        assertTimeoutPreemptively(HANG_GUARD, () -> deliver(t, message("a@rcpt.test")));
    long ms = (System.nanoTime() - start) / 1_000_000;

    Deferred d = assertInstanceOf(Deferred.class, v.get(0));
    System.out.println(
        "silent server: deferred after " + ms + " ms with smtpReadTimeoutMs=500: " + d.reason());
  }

  @Test
  void a_peer_that_hangs_mid_session_defers_within_the_read_timeout_and_its_session_is_replaced()
      throws Exception {
    SmtpTransport t = transport(Map.of("smtpReadTimeoutMs", "500"));
    assertInstanceOf(Delivered.class, deliver(t, message("a@rcpt.test")).get(0));
    server.hangAfterData = true;

    List<DeliveryResult> v =
        assertTimeoutPreemptively(HANG_GUARD, () -> deliver(t, message("b@rcpt.test")));

    Deferred d = assertInstanceOf(Deferred.class, v.get(0));
    assertTrue(d.reason().contains("did not answer"), d.reason());
    assertEquals(1, server.connections.get(), "a timeout is not retried on a new session");
    server.hangAfterData = false;
    assertInstanceOf(Delivered.class, deliver(t, message("c@rcpt.test")).get(0));
    assertEquals(2, server.connections.get());
  }

  @Test
  void parallel_deliveries_never_use_more_than_smtpSessions_sessions() throws Exception {
    SmtpTransport t = transport(Map.of("smtpSessions", "2"));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Callable<DeliveryResult>> jobs = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        FakeMessage m = message("r" + i + "@rcpt.test");
        jobs.add(() -> t.deliver(m, m.offered()).get(0));
      }
      for (Future<DeliveryResult> f : pool.invokeAll(jobs, 30, TimeUnit.SECONDS)) {
        assertInstanceOf(Delivered.class, f.get());
      }
    } finally {
      pool.shutdownNow();
      assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
    }

    assertTrue(server.connections.get() <= 2, "sessions opened: " + server.connections.get());
    assertEquals(40, server.received.size());
  }

  @Test
  void
      an_address_that_is_not_RFC_5322_fails_with_MAPI_DIAG_MAIL_ADDRESS_INCORRECT_without_touching_the_network()
          throws Exception {
    FakeMessage m = message("no-at-sign", "two@@rcpt.test", "Bob <bob@rcpt.test>");

    List<DeliveryResult> v = deliver(transport(Map.of()), m);

    for (DeliveryResult r : v) {
      Failed f = assertInstanceOf(Failed.class, r);
      assertEquals(MapiCodes.MAPI_DIAG_MAIL_ADDRESS_INCORRECT, f.ndrDiagCode());
      assertEquals(MapiCodes.MAPI_REASON_TRANSFER_IMPOSSIBLE, f.ndrReasonCode());
    }
    assertEquals(0, server.connections.get());
  }

  @Test
  void a_bad_address_next_to_good_ones_fails_alone() throws Exception {
    List<DeliveryResult> v = deliver(transport(Map.of()), message("ok@rcpt.test", "broken@"));

    assertInstanceOf(Delivered.class, v.get(0));
    assertInstanceOf(Failed.class, v.get(1));
    assertEquals(List.of("ok@rcpt.test"), server.received.peek().rcptTo());
  }

  @Test
  void two_rows_with_one_address_get_one_RCPT_and_the_same_verdict() throws Exception {
    FakeMessage m = message("bob@rcpt.test").to(RecipientType.CC, "Bob again", "Bob@rcpt.test");

    List<DeliveryResult> v = deliver(transport(Map.of()), m);

    v.forEach(r -> assertInstanceOf(Delivered.class, r));
    assertEquals(List.of("bob@rcpt.test"), server.received.peek().rcptTo());
  }

  @Test
  void a_recipient_of_another_address_type_is_declined_for_the_next_transport() throws Exception {
    FakeMessage m = message("bob@rcpt.test");
    List<OutboundRecipient> offered =
        List.of(
            m.offered().get(0),
            new OutboundRecipient(9, RecipientType.TO, "Carol", "EX", "/o=org/cn=carol"));

    List<DeliveryResult> v = transport(Map.of()).deliver(m, offered);

    assertInstanceOf(Delivered.class, v.get(0));
    assertInstanceOf(Declined.class, v.get(1));
  }

  @Test
  void
      a_message_without_a_sender_address_fails_its_recipients_with_a_reason_naming_smtpDefaultFrom()
          throws Exception {
    FakeMessage m = message("bob@rcpt.test").without(PropTag.PR_SENDER_EMAIL_ADDRESS);

    Failed f = assertInstanceOf(Failed.class, deliver(transport(Map.of()), m).get(0));

    assertTrue(f.reason().contains("smtpDefaultFrom"), f.reason());
    assertEquals(0, server.connections.get());
  }

  @Test
  void without_a_sender_address_the_configured_smtpDefaultFrom_is_used() throws Exception {
    FakeMessage m = message("bob@rcpt.test").without(PropTag.PR_SENDER_EMAIL_ADDRESS);

    assertInstanceOf(
        Delivered.class,
        deliver(transport(Map.of("smtpDefaultFrom", "noreply@sender.test")), m).get(0));
    assertEquals("noreply@sender.test", server.received.peek().mailFrom());
  }

  @Test
  void delivering_before_start_is_a_programming_error() {
    FakeMessage m = message("bob@rcpt.test");

    assertThrows(IllegalStateException.class, () -> new SmtpTransport().deliver(m, m.offered()));
  }

  @Test
  void the_transport_is_found_by_ServiceLoader_as_smtp_for_address_type_SMTP() {
    TransportProvider found =
        ServiceLoader.load(TransportProvider.class).stream()
            .map(ServiceLoader.Provider::get)
            .filter(p -> p.id().equals("smtp"))
            .findFirst()
            .orElseThrow();

    assertInstanceOf(SmtpTransport.class, found);
    assertEquals(java.util.Set.of("SMTP"), found.addressTypes());
  }
}
