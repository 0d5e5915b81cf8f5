package org.msgstore.transport.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.msgstore.MapiException;
import org.msgstore.RecipientType;
import org.msgstore.spi.DeliveryResult;
import org.msgstore.spi.DeliveryResult.Deferred;
import org.msgstore.spi.DeliveryResult.Delivered;
import org.msgstore.spi.DeliveryResult.Failed;
import org.msgstore.testing.TestTransportContext;

/** Several relays, tried in order when one gives no session, each with its own login. */
class RelayFailoverTest {
  private ScriptedSmtpServer first;
  private ScriptedSmtpServer second;
  private SmtpTransport transport;

  @BeforeEach
  void startServers() throws Exception {
    first = new ScriptedSmtpServer();
    second = new ScriptedSmtpServer();
  }

  @AfterEach
  void stop() throws Exception {
    if (transport != null) {
      transport.close();
    }
    first.close();
    second.close();
  }

  private List<DeliveryResult> send(int firstPort, Map<String, String> extra) throws Exception {
    Map<String, String> settings = TestTransportContext.smtpLoopback(firstPort);
    settings.put("smtpFallbackRelays", "127.0.0.1:" + second.port());
    settings.putAll(extra);
    transport = TestTransportContext.startedSmtp(settings);
    FakeMessage m =
        FakeMessage.from("shop@sender.test", "Shop").to(RecipientType.TO, "Bob", "bob@rcpt.test");
    return transport.deliver(m, m.offered());
  }

  private static int closedPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Test
  void a_relay_refusing_connections_is_passed_over_for_the_next() throws Exception {
    List<DeliveryResult> v = send(closedPort(), Map.of());

    assertInstanceOf(Delivered.class, v.get(0), v.toString());
    assertEquals(1, second.received.size());
  }

  @Test
  void a_relay_greeting_with_421_is_passed_over_for_the_next() throws Exception {
    first.greeting = "421 4.3.2 overloaded, try later";

    List<DeliveryResult> v = send(first.port(), Map.of());

    assertInstanceOf(Delivered.class, v.get(0), v.toString());
    assertEquals(1, first.connections.get());
    assertTrue(first.received.isEmpty());
    assertEquals(1, second.received.size());
  }

  @Test
  void each_relay_logs_in_with_its_own_credentials() throws Exception {
    first.greeting = "421 4.3.2 down for maintenance";
    first.extensions = List.of("AUTH PLAIN");
    second.extensions = List.of("AUTH PLAIN");

    List<DeliveryResult> v =
        send(
            first.port(),
            Map.of(
                "smtpUser", "primary-user",
                "smtpPassword", "primary-secret",
                "smtpAllowAuthWithoutTls", "true",
                "smtpFallbackCredentials",
                    "127.0.0.1:" + second.port() + "=backup-user:p%2Cw:rd%25"));

    assertInstanceOf(Delivered.class, v.get(0), v.toString());
    String auth =
        second.commands.stream().filter(c -> c.startsWith("AUTH")).findFirst().orElseThrow();
    String plain =
        new String(
            Base64.getDecoder().decode(auth.substring(auth.lastIndexOf(' ') + 1)),
            StandardCharsets.UTF_8);
    // PLAIN is authorization-id NUL user NUL password; Angus names the user as both.
    assertTrue(plain.endsWith("\0backup-user\0p,w:rd%"), plain.replace('\0', '|'));
  }

  @Test
  void when_every_relay_is_down_the_recipient_is_deferred_naming_each() throws Exception {
    second.greeting = "421 4.3.2 also down";

    List<DeliveryResult> v = send(closedPort(), Map.of());

    Deferred d = assertInstanceOf(Deferred.class, v.get(0), v.toString());
    assertTrue(d.reason().contains("no relay gave a session (2 tried)"), d.reason());
    assertTrue(d.reason().contains("127.0.0.1:" + second.port()), d.reason());
  }

  @Test
  void a_relay_that_answered_gives_the_verdict_and_the_next_is_not_tried() throws Exception {
    first.rcptReply = a -> "550 5.1.1 no such user";

    List<DeliveryResult> v = send(first.port(), Map.of());

    assertInstanceOf(Failed.class, v.get(0), v.toString());
    assertEquals(0, second.connections.get());
  }

  @Test
  void fallback_settings_that_cannot_be_read_are_refused_at_start_without_echoing_passwords() {
    MapiException e =
        assertThrows(
            MapiException.class,
            () ->
                SmtpSettings.parse(
                    Map.of(
                        "smtpFallbackRelays", "good.example:587, bad host:25, x.example:99999",
                        "smtpFallbackCredentials",
                            "good.example:587=u:top-secret,other.example:25=v:hidden,garbage")));
    String m = e.getMessage();
    assertTrue(m.contains("smtpFallbackRelays entry 'bad host:25'"), m);
    assertTrue(m.contains("smtpFallbackRelays entry 'x.example:99999'"), m);
    assertTrue(m.contains("names other.example:25"), m);
    assertTrue(m.contains("smtpFallbackCredentials entry 3"), m);
    assertFalse(m.contains("top-secret") || m.contains("hidden"), m);
    SmtpSettings ok =
        SmtpSettings.parse(
            Map.of(
                "smtpStartTls", "required",
                "smtpFallbackRelays", "smtp2.example.com:587,smtps://backup.example.net"));
    List<SmtpSettings> relays = ok.relays();
    assertEquals(3, relays.size());
    assertEquals(SmtpSettings.StartTls.REQUIRED, relays.get(1).startTls);
    assertEquals(465, relays.get(2).port);
    assertTrue(relays.get(2).implicitTls);
    assertEquals(SmtpSettings.StartTls.OFF, relays.get(2).startTls);
    assertFalse(ok.toString().contains("top-secret"));
  }
}
