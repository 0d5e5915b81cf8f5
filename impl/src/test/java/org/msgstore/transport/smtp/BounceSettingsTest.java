package org.msgstore.transport.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.msgstore.MapiError;
import org.msgstore.MapiException;

/** bounceAddress and bounceSigningKeys as the SMTP transport checks them at start. */
class BounceSettingsTest {
  private static final String KEY = "a-key-of-22-characters";

  private static MapiException refused(Map<String, String> settings) {
    MapiException e = assertThrows(MapiException.class, () -> SmtpSettings.parse(settings));
    assertEquals(MapiError.MAPI_E_INVALID_PARAMETER, e.error());
    return e;
  }

  @Test
  void without_a_bounce_address_the_envelope_sender_is_the_from_address_as_before() {
    assertNull(SmtpSettings.parse(Map.of()).bounce);
  }

  @Test
  void a_bounce_address_with_a_key_is_used_and_the_start_line_shows_the_address_not_the_key() {
    SmtpSettings s =
        SmtpSettings.parse(
            Map.of("bounceAddress", "bounces@app.example.com", "bounceSigningKeys", KEY));

    assertEquals("bounces+", s.bounce.localPartPrefix());
    assertEquals(1, s.bounce.keys().size());
    assertTrue(s.toString().contains("bounceAddress=bounces@app.example.com"), s.toString());
    assertFalse(s.toString().contains(KEY), s.toString());
  }

  @Test
  void a_bounce_address_without_keys_is_refused_naming_both_settings() {
    MapiException e = refused(Map.of("bounceAddress", "bounces@app.example.com"));

    assertTrue(e.getMessage().contains("bounceAddress"), e.getMessage());
    assertTrue(e.getMessage().contains("bounceSigningKeys"), e.getMessage());
  }

  @Test
  void a_key_shorter_than_16_characters_is_refused_without_showing_it() {
    MapiException e =
        refused(
            Map.of(
                "bounceAddress",
                "bounces@app.example.com",
                "bounceSigningKeys",
                KEY + ",short-secret"));

    assertTrue(e.getMessage().contains("key 2 of 2 has 12 characters"), e.getMessage());
    assertFalse(e.getMessage().contains("short-secret"), e.getMessage());
  }

  @Test
  void a_bounce_address_that_is_not_a_bare_ascii_address_with_a_short_local_part_is_refused() {
    for (String bad :
        new String[] {
          "not an address",
          "Bounces <bounces@app.example.com>",
          "b\u00f6unces@app.example.com",
          "bounces",
          "a-local-part-of-thirty-one-char@app.example.com"
        }) {
      MapiException e = refused(Map.of("bounceAddress", bad, "bounceSigningKeys", KEY));
      assertTrue(e.getMessage().contains("bounceAddress '" + bad + "'"), e.getMessage());
    }
  }
}
