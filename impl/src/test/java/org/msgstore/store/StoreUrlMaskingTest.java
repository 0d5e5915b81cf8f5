package org.msgstore.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.msgstore.MapiError;
import org.msgstore.MapiException;

/** A password in the store's JDBC URL never shows in what the store logs or throws. */
class StoreUrlMaskingTest {
  private static final String SECRET = "s3cret-in-url";

  @Test
  void the_settings_show_the_url_with_its_password_masked() {
    StoreSettings s =
        new StoreSettings(
            "jdbc:postgresql://db.example.com/mail?user=mail&password=" + SECRET, "", "", 1000);
    assertEquals("jdbc:postgresql://db.example.com/mail?user=mail&password=****", s.maskedUrl());
    assertFalse(s.toString().contains(SECRET), s.toString());
  }

  @Test
  void a_store_that_cannot_open_its_database_names_the_url_without_the_password() {
    // Nothing listens on port 1: the driver fails at once, and the message names the database.
    StoreSettings s =
        new StoreSettings(
            "jdbc:postgresql://127.0.0.1:1/mail?connectTimeout=1&password=" + SECRET, "", "", 1000);
    MapiException e =
        assertThrows(MapiException.class, () -> MessageStore.open(s, Clock.systemUTC()));
    assertEquals(MapiError.MAPI_E_LOGON_FAILED, e.error());
    assertTrue(e.getMessage().contains("127.0.0.1:1/mail"), e.getMessage());
    assertFalse(e.getMessage().contains(SECRET), e.getMessage());
  }

  @Test
  void an_unsupported_url_is_refused_without_showing_its_password() {
    StoreSettings s =
        new StoreSettings("jdbc:mysql://db.example.com/mail?password=" + SECRET, "", "", 1000);
    MapiException e =
        assertThrows(MapiException.class, () -> MessageStore.open(s, Clock.systemUTC()));
    assertEquals(MapiError.MAPI_E_NO_SUPPORT, e.error());
    assertFalse(e.getMessage().contains(SECRET), e.getMessage());
  }

  @Test
  void a_url_the_driver_cannot_parse_is_refused_without_the_password_in_message_or_cause() {
    StoreSettings s =
        new StoreSettings(
            "jdbc:postgresql://db.example.com:not-a-port/mail?password=" + SECRET, "", "", 1000);
    MapiException e =
        assertThrows(MapiException.class, () -> MessageStore.open(s, Clock.systemUTC()));
    assertEquals(MapiError.MAPI_E_NO_SUPPORT, e.error());
    for (Throwable t = e; t != null; t = t.getCause()) {
      assertFalse(String.valueOf(t.getMessage()).contains(SECRET), t.toString());
    }
  }
}
