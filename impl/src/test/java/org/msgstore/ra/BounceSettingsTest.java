package org.msgstore.ra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.resource.spi.ResourceAdapterInternalException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.msgstore.bounce.IntakeSettings;
import org.msgstore.config.ConfigProperties;
import org.msgstore.config.SettingValues;

/** The bounce intake's settings as the adapter resolves them at start: every problem named. */
class BounceSettingsTest {
  static final String KEY = "a-signing-key-of-16+";

  private static AdapterSettings resolve(Map<String, Object> set)
      throws ResourceAdapterInternalException {
    SettingValues values = new SettingValues(ConfigProperties.ADAPTER);
    values.set(ConfigProperties.STORE_DIRECTORY, "/srv/msgstore");
    values.set(ConfigProperties.BOUNCE_ADDRESS, "bounces@app.example.com");
    values.set(ConfigProperties.BOUNCE_SIGNING_KEYS, KEY);
    set.forEach(
        (name, value) ->
            ConfigProperties.ADAPTER.stream()
                .filter(s -> s.name().equals(name))
                .findFirst()
                .ifPresent(s -> setRaw(values, s, value)));
    return AdapterSettings.resolve(values, Map.of("user.home", "/h")::get);
  }

  @SuppressWarnings("unchecked")
  private static <T> void setRaw(
      SettingValues values, org.msgstore.config.Setting<T> setting, Object value) {
    values.set(setting, (T) value);
  }

  private static String problem(Map<String, Object> set) {
    return assertThrows(ResourceAdapterInternalException.class, () -> resolve(set)).getMessage();
  }

  @Test
  void without_a_bounce_mailbox_there_is_no_intake_and_reports_never_expire() throws Exception {
    AdapterSettings s = resolve(Map.of());
    assertTrue(s.bounceIntake().isEmpty());
    assertEquals(null, s.suppressionExpiry());
  }

  @Test
  void an_imaps_url_gives_host_port_user_folder_and_the_bounce_address_prefix() throws Exception {
    IntakeSettings i =
        resolve(
                Map.of(
                    "bounceMailbox", "imaps://bounces@mail.example.com:993/Reports",
                    "bounceMailboxPassword", "s3cret",
                    "suppressionExpiryDays", 90))
            .bounceIntake()
            .orElseThrow();
    assertEquals("imaps", i.protocol());
    assertEquals("mail.example.com", i.host());
    assertEquals(993, i.port());
    assertEquals("bounces", i.user());
    assertEquals("Reports", i.folder());
    assertEquals("bounces+", i.localPartPrefix());
    assertEquals(IntakeSettings.Processed.FLAG, i.processed());
    assertEquals("imaps://bounces@mail.example.com:993/Reports", i.mailbox());
    assertFalse(i.toString().contains("s3cret"), i.toString());
    assertEquals(
        Duration.ofDays(90), resolve(Map.of("suppressionExpiryDays", 90)).suppressionExpiry());
  }

  @Test
  void a_URL_that_is_no_mailbox_is_a_configuration_error_naming_the_setting() {
    String m = problem(Map.of("bounceMailbox", "http://mail.example.com/"));
    assertTrue(m.contains("bounceMailbox 'http://mail.example.com/'"), m);
    m = problem(Map.of("bounceMailbox", "imap://mail.example.com:99999/INBOX"));
    assertTrue(m.contains("names no user"), m);
    assertTrue(m.contains("no valid port"), m);
  }

  @Test
  void POP3_can_only_delete_and_has_only_the_INBOX() {
    String m = problem(Map.of("bounceMailbox", "pop3s://bounces@mail.example.com/Archive"));
    assertTrue(m.contains("POP3 has only the INBOX"), m);
    assertTrue(m.contains("bounceProcessed 'flag' needs IMAP"), m);
  }

  @Test
  void an_intake_needs_the_signing_keys_and_a_bounce_address() {
    String m =
        problem(
            Map.of(
                "bounceMailbox", "imap://bounces@mail.example.com/INBOX",
                "bounceSigningKeys", "",
                "bounceAddress", "",
                "bounceProcessed", "archive"));
    assertTrue(m.contains("bounceSigningKeys is empty"), m);
    assertTrue(m.contains("bounceAddress '' is no address"), m);
    assertTrue(m.contains("bounceProcessed 'archive' is none of flag, move:FOLDER, delete"), m);
    m =
        problem(
            Map.of(
                "bounceMailbox",
                "imap://bounces@mail.example.com/INBOX",
                "bounceSigningKeys",
                "short"));
    assertTrue(m.contains("shorter than 16 characters"), m);
  }

  @Test
  void the_password_is_masked_in_the_start_line() throws Exception {
    AdapterSettings s =
        resolve(
            Map.of(
                "bounceMailbox", "imap://bounces@mail.example.com/INBOX",
                "bounceMailboxPassword", "very-s3cret"));
    assertFalse(s.toString().contains("very-s3cret"), s.toString());
    assertFalse(s.toString().contains(KEY), s.toString());
    assertTrue(s.toString().contains("bounceMailbox=imap://bounces@mail.example.com/INBOX"));
  }
}
