package org.msgstore.transport.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.msgstore.MapiException;
import org.msgstore.RecipientType;
import org.msgstore.spi.DeliveryResult;
import org.msgstore.spi.DeliveryResult.Deferred;
import org.msgstore.spi.DeliveryResult.Delivered;

/**
 * XOAUTH2 logins with the token from each built-in source and from a plugged-in one; the relay
 * decodes what it received.
 */
class OAuth2LoginTest {
  @TempDir Path dir;

  @AutoClose private final ScriptedRelay relay = new ScriptedRelay();
  private final ScriptedSmtpServer server = relay.server;
  private SmtpTransport transport;

  @BeforeEach
  void offerLogins() {
    server.extensions = List.of("AUTH PLAIN LOGIN XOAUTH2");
  }

  private void start(String token) {
    Map<String, String> settings = relay.settings();
    settings.put("smtpUser", "shop@sender.test");
    settings.put("smtpOAuth2Token", token);
    // The scripted relay speaks plain SMTP; TlsRelayTest shows logins only go over TLS.
    settings.put("smtpAllowAuthWithoutTls", "true");
    transport = relay.start(settings);
  }

  private List<DeliveryResult> send(String id) throws Exception {
    FakeMessage m =
        FakeMessage.from("shop@sender.test", "Shop")
            .messageId("<" + id + "@msgstore.test>")
            .to(RecipientType.TO, "Bob", "bob@rcpt.test");
    return transport.deliver(m, m.offered());
  }

  /** The XOAUTH2 initial responses the relay received, decoded. */
  private List<String> logins() {
    return server.commands.stream()
        .filter(c -> c.startsWith("AUTH XOAUTH2 "))
        .map(c -> c.substring("AUTH XOAUTH2 ".length()))
        .map(b -> new String(Base64.getDecoder().decode(b), StandardCharsets.UTF_8))
        .toList();
  }

  @Test
  void the_token_in_the_setting_logs_in_with_xoauth2_instead_of_a_password() throws Exception {
    start("ya29.token-1");

    assertInstanceOf(Delivered.class, send("m1").get(0));

    assertEquals(
        List.of("user=shop@sender.test\u0001auth=Bearer ya29.token-1\u0001\u0001"), logins());
  }

  @Test
  void a_token_file_is_read_at_each_login_so_a_refresher_can_replace_it() throws Exception {
    Path token = dir.resolve("smtp.token");
    Files.writeString(token, "token-A\n");
    start("file:" + token);
    server.closeAfterMessage = true; // every message needs a new session, hence a new login

    assertInstanceOf(Delivered.class, send("m1").get(0));
    Files.writeString(token, "token-B\n");
    assertInstanceOf(Delivered.class, send("m2").get(0));

    List<String> logins = logins();
    assertEquals(2, logins.size(), logins.toString());
    assertTrue(logins.get(0).contains("Bearer token-A\u0001"), logins.get(0));
    assertTrue(logins.get(1).contains("Bearer token-B\u0001"), logins.get(1));
  }

  @Test
  void a_plugged_in_token_source_is_chosen_by_its_id() throws Exception {
    start("provider:test-vault");

    assertInstanceOf(Delivered.class, send("m1").get(0));

    assertTrue(
        logins().get(0).contains("Bearer vault-token-for-shop@sender.test-at-127.0.0.1\u0001"),
        logins().toString());
  }

  @Test
  void without_a_token_the_mail_is_deferred_naming_the_setting_and_no_login_is_tried()
      throws Exception {
    start("file:" + dir.resolve("missing.token"));

    Deferred d = assertInstanceOf(Deferred.class, send("m1").get(0));

    assertTrue(d.reason().contains("smtpOAuth2Token"), d.reason());
    assertEquals(0, server.connections.get());
  }

  @Test
  void token_settings_that_cannot_work_are_refused_at_start_without_echoing_the_token() {
    MapiException e =
        assertThrows(
            MapiException.class,
            () ->
                SmtpSettings.parse(
                    Map.of("smtpOAuth2Token", "secret-token", "smtpPassword", "pw")));
    assertTrue(
        e.getMessage().contains("smtpOAuth2Token is set but smtpUser is not"), e.getMessage());
    assertTrue(e.getMessage().contains("both set"), e.getMessage());
    assertFalse(e.getMessage().contains("secret-token"), e.getMessage());

    MapiException unknown =
        assertThrows(
            MapiException.class,
            () ->
                SmtpSettings.parse(
                    Map.of("smtpUser", "u", "smtpOAuth2Token", "provider:nonesuch")));
    assertTrue(unknown.getMessage().contains("available: test-vault"), unknown.getMessage());
    assertFalse(
        SmtpSettings.parse(Map.of("smtpUser", "u", "smtpOAuth2Token", "secret-token"))
            .toString()
            .contains("secret-token"));
  }
}
