package org.msgstore.transport.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.msgstore.MapiError;
import org.msgstore.MapiException;
import org.msgstore.config.ConfigProperties;

class SmtpSettingsTest {

  @Test
  void every_invalid_setting_is_reported_at_once_with_MAPI_E_INVALID_PARAMETER() {
    Map<String, String> bad =
        Map.of(
            "smtpPort", "abc",
            "smtpSessions", "0",
            "smtpStartTls", "maybe",
            "smtpReadTimeoutMs", "-1",
            "smtpDefaultFrom", "not an address",
            "smtpPassword", "secret",
            "smtpHeloName", "two words");

    MapiException e = assertThrows(MapiException.class, () -> SmtpSettings.parse(bad));

    assertEquals(MapiError.MAPI_E_INVALID_PARAMETER, e.error());
    for (String key :
        new String[] {
          "smtpPort",
          "smtpSessions",
          "smtpStartTls",
          "smtpReadTimeoutMs",
          "smtpDefaultFrom",
          "smtpPassword",
          "smtpHeloName"
        }) {
      assertTrue(e.getMessage().contains(key), () -> key + " missing from: " + e.getMessage());
    }
    assertTrue(e.getMessage().contains("7 invalid setting(s)"), e.getMessage());
    assertFalse(e.getMessage().contains("secret"), "the password value must never be echoed");
  }

  @Test
  void unset_settings_take_the_documented_defaults() {
    SmtpSettings s = SmtpSettings.parse(Map.of());

    assertEquals("localhost", s.host);
    assertEquals(25, s.port);
    assertEquals(SmtpSettings.StartTls.OFF, s.startTls);
    assertEquals(10_000, s.connectTimeoutMs);
    assertEquals(30_000, s.readTimeoutMs);
    assertEquals(30_000, s.writeTimeoutMs);
    assertEquals(4, s.sessions);
    assertNull(s.user);
    assertNull(s.defaultFrom);
  }

  @Test
  void the_mail_session_always_has_finite_timeouts_and_sends_partially() {
    Properties p = SmtpSettings.parse(Map.of("smtpReadTimeoutMs", "500")).sessionProperties();

    assertEquals("10000", p.getProperty("mail.smtp.connectiontimeout"));
    assertEquals("500", p.getProperty("mail.smtp.timeout"));
    assertEquals("30000", p.getProperty("mail.smtp.writetimeout"));
    assertEquals("true", p.getProperty("mail.smtp.sendpartial"));
    assertEquals("false", p.getProperty("mail.smtp.auth"));
    assertNull(p.getProperty("mail.smtp.starttls.enable"));
  }

  @Test
  void starttls_required_refuses_a_session_without_tls_and_checks_the_server_identity() {
    Properties p =
        SmtpSettings.parse(
                Map.of(
                    "smtpStartTls",
                    "REQUIRED",
                    "smtpUser",
                    "u",
                    "smtpPassword",
                    "p",
                    "smtpHeloName",
                    "node1.example"))
            .sessionProperties();

    assertEquals("true", p.getProperty("mail.smtp.starttls.enable"));
    assertEquals("true", p.getProperty("mail.smtp.starttls.required"));
    assertEquals("true", p.getProperty("mail.smtp.ssl.checkserveridentity"));
    assertEquals("true", p.getProperty("mail.smtp.auth"));
    assertEquals("node1.example", p.getProperty("mail.smtp.localhost"));
  }

  @Test
  void the_send_deadline_defaults_to_two_minutes_and_is_refused_below_one_second() {
    assertEquals(120_000, SmtpSettings.parse(Map.of()).sendTimeoutMs);
    MapiException e =
        assertThrows(
            MapiException.class, () -> SmtpSettings.parse(Map.of("smtpSendTimeoutMs", "10")));
    assertTrue(e.getMessage().contains("smtpSendTimeoutMs is '10'"), e.getMessage());
  }

  @Test
  void the_logged_form_masks_the_password() {
    String text = SmtpSettings.parse(Map.of("smtpUser", "u", "smtpPassword", "s3cr3t")).toString();

    assertFalse(text.contains("s3cr3t"), text);
    assertTrue(text.contains("smtpPassword=****"), text);
  }

  @Test
  void unknown_smtp_keys_are_named_as_probable_typos() {
    assertEquals(
        java.util.List.of("smtpPrt"),
        SmtpSettings.unknownKeys(Map.of("smtpPrt", "2525", "pollIntervalMs", "5")));
  }

  @Test
  void the_defaults_ranges_and_keys_are_the_ones_the_adapter_declares() {
    SmtpSettings s = SmtpSettings.parse(Map.of());
    assertEquals(ConfigProperties.SMTP_HOST.defaultValue(), s.host);
    assertEquals(ConfigProperties.SMTP_PORT.defaultValue(), s.port);
    assertEquals(ConfigProperties.SMTP_READ_TIMEOUT_MS.defaultValue(), s.readTimeoutMs);
    assertEquals(ConfigProperties.SMTP_SESSIONS.defaultValue(), s.sessions);
    MapiException e =
        assertThrows(MapiException.class, () -> SmtpSettings.parse(Map.of("smtpSessions", "1001")));
    assertTrue(
        e.getMessage().contains("smtpSessions is '1001' but must be a whole number from 1 to 1000"),
        e.getMessage());
    assertEquals(
        java.util.Set.of(
            "smtpHost",
            "smtpPort",
            "smtpStartTls",
            "smtpImplicitTls",
            "smtpTrustStore",
            "smtpTrustStorePassword",
            "smtpAllowAuthWithoutTls",
            "smtpUser",
            "smtpPassword",
            "smtpOAuth2Token",
            "smtpFallbackRelays",
            "smtpFallbackCredentials",
            "smtpConnectTimeoutMs",
            "smtpReadTimeoutMs",
            "smtpWriteTimeoutMs",
            "smtpSendTimeoutMs",
            "smtpSessions",
            "smtpRate",
            "smtpRelayRates",
            "smtpDomainRates",
            "smtpHeloName",
            "smtpDefaultFrom"),
        SmtpSettings.KEYS);
  }
}
