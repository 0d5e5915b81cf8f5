package org.msgstore.transport.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.msgstore.MapiException;
import org.msgstore.RecipientType;
import org.msgstore.spi.DeliveryResult;
import org.msgstore.spi.DeliveryResult.Deferred;
import org.msgstore.spi.DeliveryResult.Delivered;
import org.msgstore.testing.TestTransportContext;

/**
 * Credentials never go out in clear: a loopback relay with a self-signed certificate (made by
 * keytool for the test, trusted through smtpTrustStore as a private CA would be), over STARTTLS and
 * implicit TLS; the relay records which commands came before TLS, and AUTH must never be among
 * them.
 */
class TlsRelayTest {
  @TempDir static Path certs;

  private static Path relayStore;
  private static Path relayTrust;
  private static Path wrongNameStore;
  private static Path wrongNameTrust;

  private ScriptedSmtpServer server;
  private SmtpTransport transport;

  @BeforeAll
  static void makeCertificates() throws Exception {
    Map<String, Path> stores =
        TestCertificates.relayKeyStores(
            certs,
            Map.of("relay", "ip:127.0.0.1,dns:localhost", "other", "dns:relay.other.example"));
    relayStore = stores.get("relay");
    relayTrust = relayStore;
    wrongNameStore = stores.get("other");
    wrongNameTrust = wrongNameStore;
  }

  @BeforeEach
  void startServer() throws Exception {
    server = new ScriptedSmtpServer();
    server.extensions = List.of("AUTH PLAIN");
  }

  @AfterEach
  void stop() throws Exception {
    if (transport != null) {
      transport.close();
    }
    server.close();
  }

  private List<DeliveryResult> send(Map<String, String> extra) throws Exception {
    Map<String, String> settings = TestTransportContext.smtpLoopback(server.port());
    settings.put("smtpUser", "shop");
    settings.put("smtpPassword", "s3cret");
    settings.putAll(extra);
    transport = TestTransportContext.startedSmtp(settings);
    FakeMessage m =
        FakeMessage.from("shop@sender.test", "Shop").to(RecipientType.TO, "Bob", "bob@rcpt.test");
    return transport.deliver(m, m.offered());
  }

  private static Map<String, String> trusting(Path trustStore, String... more) {
    Map<String, String> s = new HashMap<>();
    s.put("smtpTrustStore", trustStore.toString());
    s.put("smtpTrustStorePassword", TestCertificates.PASSWORD);
    for (int i = 0; i < more.length; i += 2) {
      s.put(more[i], more[i + 1]);
    }
    return s;
  }

  private boolean authIn(Iterable<String> lines) {
    for (String l : lines) {
      if (l.toUpperCase(java.util.Locale.ROOT).startsWith("AUTH")) {
        return true;
      }
    }
    return false;
  }

  @Test
  void starttls_required_with_a_private_ca_trust_store_logs_in_only_after_tls() throws Exception {
    server.tls = TestCertificates.serverContext(relayStore);

    List<DeliveryResult> v = send(trusting(relayTrust, "smtpStartTls", "required"));

    assertInstanceOf(Delivered.class, v.get(0), v.toString());
    assertTrue(authIn(server.commands), "logged in: " + server.commands);
    assertFalse(authIn(server.plainCommands), "AUTH in clear: " + server.plainCommands);
    assertEquals(1, server.received.size());
  }

  @Test
  void implicit_tls_on_the_smtps_port_encrypts_from_the_first_byte() throws Exception {
    server.tls = TestCertificates.serverContext(relayStore);
    server.implicitTls = true;

    List<DeliveryResult> v = send(trusting(relayTrust, "smtpImplicitTls", "true"));

    assertInstanceOf(Delivered.class, v.get(0), v.toString());
    assertEquals(List.of(), List.copyOf(server.plainCommands));
    assertTrue(authIn(server.commands), "logged in: " + server.commands);
  }

  @Test
  void a_certificate_no_trusted_ca_signed_is_refused_before_anything_is_sent() throws Exception {
    server.tls = TestCertificates.serverContext(relayStore);

    List<DeliveryResult> v = send(Map.of("smtpStartTls", "required"));

    Deferred d = assertInstanceOf(Deferred.class, v.get(0), v.toString());
    assertTrue(d.reason().contains("cannot open an SMTP session"), d.reason());
    assertFalse(authIn(server.commands), "" + server.commands);
    assertTrue(server.received.isEmpty());
  }

  @Test
  void a_trusted_certificate_for_another_host_name_is_refused() throws Exception {
    server.tls = TestCertificates.serverContext(wrongNameStore);
    server.implicitTls = true;

    List<DeliveryResult> v = send(trusting(wrongNameTrust, "smtpImplicitTls", "true"));

    Deferred d = assertInstanceOf(Deferred.class, v.get(0), v.toString());
    assertTrue(d.reason().contains("cannot open an SMTP session"), d.reason());
    assertFalse(authIn(server.commands), "" + server.commands);
  }

  @Test
  void starttls_stripped_by_a_man_in_the_middle_never_gets_the_password_even_when_optional()
      throws Exception {
    // No STARTTLS offered, as when an attacker removes it from the EHLO reply.
    for (String mode : List.of("true", "required")) {
      List<DeliveryResult> v = send(Map.of("smtpStartTls", mode));

      Deferred d = assertInstanceOf(Deferred.class, v.get(0), mode + ": " + v);
      assertTrue(d.reason().contains("STARTTLS is required (smtpStartTls"), d.reason());
      assertFalse(authIn(server.commands), mode + ": " + server.commands);
      transport.close();
      transport = null;
    }
    assertTrue(server.received.isEmpty());
  }

  @Test
  void a_login_without_tls_is_refused_naming_the_settings_unless_explicitly_allowed()
      throws Exception {
    List<DeliveryResult> v = send(Map.of());

    Deferred d = assertInstanceOf(Deferred.class, v.get(0), v.toString());
    assertTrue(d.reason().contains("smtpAllowAuthWithoutTls"), d.reason());
    assertTrue(d.reason().contains("smtpStartTls=required"), d.reason());
    assertEquals(0, server.connections.get(), "not even connected");
    transport.close();

    List<DeliveryResult> allowed = send(Map.of("smtpAllowAuthWithoutTls", "true"));

    assertInstanceOf(Delivered.class, allowed.get(0), allowed.toString());
    assertTrue(authIn(server.plainCommands), "" + server.plainCommands);
  }

  @Test
  void under_tls_the_byte_budget_still_ends_a_relay_that_never_stops_replying() throws Exception {
    server.tls = TestCertificates.serverContext(relayStore);
    server.implicitTls = true;
    server.hostileEhlo = ScriptedSmtpServer.Hostile.ENDLESS_CONTINUATION;

    List<DeliveryResult> v = send(trusting(relayTrust, "smtpImplicitTls", "true"));

    Deferred d = assertInstanceOf(Deferred.class, v.get(0), v.toString());
    assertTrue(
        d.reason().contains("more than " + ReplyGuard.MAX_BYTES_PER_SEND + " bytes"), d.reason());
    System.out.println("endless 250- lines over implicit TLS: " + d.reason());
  }

  @Test
  void contradictory_or_unreadable_tls_settings_are_refused_at_start_naming_them() {
    MapiException e =
        assertThrows(
            MapiException.class,
            () ->
                SmtpSettings.parse(
                    Map.of(
                        "smtpImplicitTls", "true",
                        "smtpStartTls", "required",
                        "smtpTrustStore", certs.resolve("missing.p12").toString(),
                        "smtpAllowAuthWithoutTls", "maybe")));
    for (String name : List.of("smtpImplicitTls", "smtpTrustStore", "smtpAllowAuthWithoutTls")) {
      assertTrue(e.getMessage().contains(name), name + ": " + e.getMessage());
    }
    MapiException wrongPassword =
        assertThrows(
            MapiException.class,
            () ->
                SmtpSettings.parse(
                    Map.of(
                        "smtpTrustStore",
                        relayTrust.toString(),
                        "smtpTrustStorePassword",
                        "not-the-password")));
    assertTrue(wrongPassword.getMessage().contains("smtpTrustStore"), wrongPassword.getMessage());
    assertFalse(wrongPassword.getMessage().contains("not-the-password"));
  }
}
