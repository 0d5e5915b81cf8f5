package org.msgstore.transport.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.msgstore.RecipientType;
import org.msgstore.spi.DeliveryResult;
import org.msgstore.spi.DeliveryResult.Deferred;
import org.msgstore.testing.TestTransportContext;
import org.msgstore.transport.smtp.throttle.FlowView;

/**
 * Issue 18: what the SMTP transport itself does when a relay asks to slow down, on a clock that
 * stands still (so a pause never ends by itself here): the relay is backed off, the message is held
 * (a throttled verdict with the pause as its wait), and while it is paused no session is opened.
 */
class RelayBackOffTest {
  @AutoClose private final ScriptedRelay relay = new ScriptedRelay();
  private final ScriptedSmtpServer server = relay.server;
  private SmtpTransport transport;

  private SmtpTransport transport(int port) {
    Map<String, String> settings = TestTransportContext.smtpLoopback(port);
    transport = relay.start(settings);
    return transport;
  }

  private static List<DeliveryResult> deliver(SmtpTransport t, String to) throws Exception {
    FakeMessage m = FakeMessage.from("alice@sender.test", "Alice");
    m.to(RecipientType.TO, to, to);
    return t.deliver(m, m.offered());
  }

  private static Deferred held(DeliveryResult v) {
    Deferred d = assertInstanceOf(Deferred.class, v, v.toString());
    assertTrue(d.throttled(), "held back, not failed: " + d);
    assertNotNull(d.retryAfter());
    return d;
  }

  @Test
  void a_421_to_the_message_pauses_the_relay_and_the_next_message_waits_without_a_session()
      throws Exception {
    server.dataEndReply = "421 4.7.0 rate limit exceeded, slow down";
    SmtpTransport t = transport(server.port());

    Deferred first = held(deliver(t, "bob@rcpt.test").get(0));
    assertEquals(Duration.ofSeconds(1), first.retryAfter(), "the first pause");
    assertTrue(first.reason().contains("421"), first.reason());
    int sessions = server.connections.get();

    Deferred second = held(deliver(t, "carol@rcpt.test").get(0));
    assertTrue(second.reason().contains("paused until"), second.reason());
    assertEquals(sessions, server.connections.get(), "no session while the relay is paused");
    FlowView.Relay relay = transport.flowView().relays().get(0);
    assertEquals(2, relay.allowedSessions(), "halved from smtpSessions 4");
    assertNotNull(relay.pausedUntil());
    assertEquals(1, relay.backOffs());
  }

  @Test
  void a_refused_connection_backs_the_relay_off_like_a_421() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    SmtpTransport t = transport(closed);

    Deferred d = held(deliver(t, "bob@rcpt.test").get(0));

    assertTrue(d.reason().contains("cannot open an SMTP session"), d.reason());
    assertEquals(1, t.flowView().relays().get(0).backOffs());
  }

  @Test
  void a_421_to_one_recipient_is_that_recipients_deferral_and_backs_nothing_off() throws Exception {
    server.rcptReply = a -> a.startsWith("slow") ? "421 4.7.0 try later" : "250 2.1.5 OK";
    SmtpTransport t = transport(server.port());

    List<DeliveryResult> v = deliver(t, "slow@rcpt.test");

    assertEquals(false, assertInstanceOf(Deferred.class, v.get(0)).throttled());
    assertEquals(0, t.flowView().relays().get(0).backOffs());
  }

  private SmtpTransport transportWithBounces(Map<String, String> more) {
    Map<String, String> settings = new java.util.HashMap<>(relay.settings());
    settings.put("bounceAddress", "bounces@sender.test");
    settings.put("bounceSigningKeys", "a-signing-key-of-some-length");
    settings.putAll(more);
    transport = relay.start(settings);
    return transport;
  }

  @Test
  void a_slow_down_to_one_recipients_transaction_holds_back_only_that_transaction()
      throws Exception {
    // With bounceAddress each recipient is a transaction of its own: the first is greylisted at
    // RCPT (an ordinary deferral, an attempt), the second is told to slow down at the final dot.
    server.rcptReply = a -> a.startsWith("grey") ? "451 4.7.1 greylisted" : "250 2.1.5 OK";
    server.dataEndReply = "421 4.7.0 rate limit exceeded, slow down";
    SmtpTransport t = transportWithBounces(Map.of());
    FakeMessage m = FakeMessage.from("alice@sender.test", "Alice");
    m.to(RecipientType.TO, "grey@rcpt.test", "grey@rcpt.test");
    m.to(RecipientType.TO, "slow@rcpt.test", "slow@rcpt.test");

    List<DeliveryResult> v = t.deliver(m, m.offered());

    assertEquals(false, assertInstanceOf(Deferred.class, v.get(0)).throttled(), v.toString());
    held(v.get(1));
  }

  @Test
  void with_bounce_address_each_recipient_takes_a_turn_at_the_transport_rate() throws Exception {
    SmtpTransport t = transportWithBounces(Map.of("smtpRate", "1/min"));
    FakeMessage m = FakeMessage.from("alice@sender.test", "Alice");
    m.to(RecipientType.TO, "bob@rcpt.test", "bob@rcpt.test");
    m.to(RecipientType.TO, "carol@rcpt.test", "carol@rcpt.test");
    m.to(RecipientType.TO, "dave@rcpt.test", "dave@rcpt.test");

    List<DeliveryResult> v = t.deliver(m, m.offered());

    // Three SMTP transactions for the relay, one turn each: the rate's bucket holds two (one on
    // time, one early), so the third waits for its turn a minute on.
    assertInstanceOf(DeliveryResult.Delivered.class, v.get(0), v.toString());
    assertInstanceOf(DeliveryResult.Delivered.class, v.get(1), v.toString());
    held(v.get(2));
  }
}
