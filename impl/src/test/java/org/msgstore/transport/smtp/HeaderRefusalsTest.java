package org.msgstore.transport.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.msgstore.Compose;
import org.msgstore.MapiError;
import org.msgstore.MapiException;
import org.msgstore.Message;
import org.msgstore.OneOffRecipient;
import org.msgstore.PropTag;
import org.msgstore.PropType;

/**
 * Issue 16 part 1: what cannot go out as given is refused at the call that gives it, with the MAPI
 * code and the name of the header or property, and leaves the message as it was.
 */
class HeaderRefusalsTest {
  @TempDir static Path dir;
  static LoopbackMail mail;
  Message m;

  /** One store for the class: each test works on a fresh, never saved message. */
  @BeforeAll
  static void openStore() throws Exception {
    mail = new LoopbackMail(dir);
  }

  @AfterAll
  static void closeStore() throws Exception {
    mail.close();
  }

  @BeforeEach
  void draft() {
    m = mail.draft();
    m.setInternetHeader("List-Id", "Shop news <news.shop.example.com>");
  }

  @AfterEach
  void close() {
    m.close();
  }

  /** Refused with MAPI_E_INVALID_PARAMETER naming {@code name}; the headers are unchanged. */
  private void refused(String name, Executable call) {
    MapiException e = assertThrows(MapiException.class, call);
    assertEquals(MapiError.MAPI_E_INVALID_PARAMETER, e.error(), e.getMessage());
    assertTrue(e.getMessage().contains(name), "names " + name + ": " + e.getMessage());
    assertEquals(
        Map.of("List-Id", "Shop news <news.shop.example.com>"), m.getInternetHeaders().asMap());
  }

  @ParameterizedTest(name = "the header name ''{0}'' is not an RFC 5322 field name")
  @ValueSource(strings = {"List Unsubscribe", "X-Bad:Name", "X-Grüße", "X-Tab\tName", "X-\u0000"})
  void a_name_that_is_not_an_rfc_5322_field_name_is_refused_naming_it(String name) {
    refused(name, () -> m.setInternetHeader(name, "1"));
  }

  @Test
  void an_empty_header_name_is_refused() {
    refused("needs a name", () -> m.setInternetHeader("", "1"));
  }

  @ParameterizedTest(name = "a value with {0} is refused naming the header")
  @CsvSource({
    "a CR and a smuggled Bcc, 'a\rBcc: spy@evil.test'",
    "an LF, 'a\nb'",
    "a CRLF, 'https://x.test\r\n'",
    "a NUL, 'a\u0000b'",
    "a non-ASCII letter, 'Grüße'"
  })
  void a_value_that_would_not_stay_one_ascii_line_is_refused_naming_the_header(
      String what, String value) {
    refused("X-Correlation-Id", () -> m.setInternetHeader("X-Correlation-Id", value));
  }

  @Test
  void a_header_line_over_998_characters_is_refused_and_one_of_exactly_998_is_taken() {
    // "X-Long: " is 8 characters: 990 more make a line of 998, 991 one of 999.
    refused("X-Long", () -> m.setInternetHeader("X-Long", "v".repeat(991)));
    m.setInternetHeader("X-Long", "v".repeat(990));
    assertEquals(990, m.getInternetHeaders().asMap().get("X-Long").length());
  }

  @ParameterizedTest(name = "{0} is written by MsgStore and refused")
  @ValueSource(
      strings = {
        "From",
        "sender",
        "TO",
        "Cc",
        "Bcc",
        "Subject",
        "Date",
        "Message-ID",
        "MIME-Version",
        "Content-Type",
        "content-transfer-encoding",
        "Content-Disposition",
        "X-MsgStore-Entry-Id"
      })
  void a_header_msgstore_owns_is_refused_naming_it(String name) {
    refused(name, () -> m.setInternetHeader(name, "x"));
  }

  @ParameterizedTest(name = "{0} is refused and names {1}")
  @CsvSource({
    "Reply-To, PR_REPLY_RECIPIENT_ENTRIES",
    "In-Reply-To, PR_IN_REPLY_TO_ID",
    "References, PR_INTERNET_REFERENCES",
    "Importance, PR_IMPORTANCE",
    "X-Priority, PR_PRIORITY",
    "Sensitivity, PR_SENSITIVITY"
  })
  void a_header_written_from_a_property_is_refused_naming_the_header_and_the_property(
      String name, String property) {
    refused(name, () -> m.setInternetHeader(name, "x"));
    refused(property, () -> m.setInternetHeader(name, "x"));
  }

  @Test
  void a_raw_write_of_the_headers_property_is_checked_line_by_line() {
    refused(
        "Bcc",
        () -> m.set(PropTag.PR_MSGSTORE_INTERNET_HEADERS, "X-Ok: 1\r\nBcc: spy@evil.test\r\n"));
    refused(
        "is not of the form",
        () -> m.set(PropTag.PR_MSGSTORE_INTERNET_HEADERS, "X-Ok: 1\r\n\r\nbody"));
  }

  @Test
  void the_compose_helper_refuses_at_the_step_that_gives_the_header() {
    Compose c = Compose.in(mail.connection()).to("Alice", "alice@example.com");
    MapiException e =
        assertThrows(MapiException.class, () -> c.header("List-Unsubscribe", "<a>\r\nBcc: x"));
    assertEquals(MapiError.MAPI_E_INVALID_PARAMETER, e.error());
    assertTrue(e.getMessage().contains("List-Unsubscribe"), e.getMessage());
    assertNull(c.message().get(PropTag.PR_MSGSTORE_INTERNET_HEADERS), "nothing stored");
    c.message().close();
  }

  @ParameterizedTest(name = "{0} = {1} is out of its MAPI range")
  @CsvSource({"PR_IMPORTANCE, 3", "PR_IMPORTANCE, -1", "PR_PRIORITY, 2", "PR_SENSITIVITY, 4"})
  void an_importance_priority_or_sensitivity_out_of_range_is_refused_naming_it(
      String tag, int value) {
    PropTag<Integer> t =
        switch (tag) {
          case "PR_IMPORTANCE" -> PropTag.PR_IMPORTANCE;
          case "PR_PRIORITY" -> PropTag.PR_PRIORITY;
          default -> PropTag.PR_SENSITIVITY;
        };
    refused(tag, () -> m.set(t, value));
  }

  @Test
  void a_message_id_property_with_a_line_break_or_non_ascii_is_refused_naming_it() {
    refused("PR_IN_REPLY_TO_ID", () -> m.set(PropTag.PR_IN_REPLY_TO_ID, "<a@b>\r\nBcc: x"));
    refused("PR_INTERNET_REFERENCES", () -> m.set(PropTag.PR_INTERNET_REFERENCES, "<ä@b>"));
    // "References: " leaves 986 characters of a line: an id of 987 fits none.
    String tooLong = "<" + "x".repeat(983) + "@b>";
    refused(
        "PR_INTERNET_REFERENCES", () -> m.set(PropTag.PR_INTERNET_REFERENCES, "<a@b> " + tooLong));
    m.set(PropTag.PR_INTERNET_REFERENCES, "<a@b> <" + "x".repeat(982) + "@b>");
  }

  @Test
  void a_reply_to_that_is_not_an_smtp_address_or_not_a_flat_entry_list_is_refused() {
    byte[] bad =
        OneOffRecipient.flatEntryList(List.of(OneOffRecipient.smtp("x", "not an address")));
    refused("Reply-To address", () -> m.set(PropTag.PR_REPLY_RECIPIENT_ENTRIES, bad));
    refused(
        "FLATENTRYLIST", () -> m.set(PropTag.PR_REPLY_RECIPIENT_ENTRIES, new byte[] {1, 0, 0, 0}));
    assertNull(m.get(PropTag.PR_REPLY_RECIPIENT_ENTRIES));
  }

  @Test
  void a_reply_to_list_round_trips_through_its_one_off_entry_ids() {
    List<OneOffRecipient> list =
        List.of(
            OneOffRecipient.smtp("Kundendienst Süd", "service@example.com"),
            OneOffRecipient.smtp(null, "a@example.com"));
    m.set(PropTag.PR_REPLY_RECIPIENT_ENTRIES, OneOffRecipient.flatEntryList(list));
    assertEquals(
        List.of(
            new OneOffRecipient("Kundendienst Süd", "SMTP", "service@example.com"),
            new OneOffRecipient("", "SMTP", "a@example.com")),
        OneOffRecipient.parseFlatEntryList(m.get(PropTag.PR_REPLY_RECIPIENT_ENTRIES)));
  }

  @Test
  void attachment_properties_are_checked_at_the_call() {
    int n =
        m.addAttachment("logo.png", "image/png", new ByteArrayInputStream(new byte[] {1})).number();
    refused(
        "PR_ATTACH_CONTENT_ID",
        () -> m.setAttachmentProperty(n, PropTag.PR_ATTACH_CONTENT_ID, "logo image"));
    MapiException missing =
        assertThrows(
            MapiException.class,
            () -> m.setAttachmentProperty(n + 1, PropTag.PR_ATTACH_CONTENT_ID, "logo"));
    assertEquals(MapiError.MAPI_E_NOT_FOUND, missing.error());
    MapiException other =
        assertThrows(
            MapiException.class,
            () -> m.setAttachmentProperty(n, PropTag.PR_ATTACH_FILENAME, "x.png"));
    assertEquals(MapiError.MAPI_E_NO_SUPPORT, other.error());
    m.setAttachmentProperty(n, PropTag.PR_ATTACH_CONTENT_ID, "<logo>");
    assertEquals("logo", m.getAttachments().get(0).contentId(), "brackets are not part of it");
  }

  @Test
  void the_store_kept_attachment_properties_cannot_be_written_as_a_property() {
    MapiException e =
        assertThrows(
            MapiException.class,
            () -> m.set(PropTag.of(0x67F1, PropType.PT_UNICODE, String.class), "0\tlogo\ttrue"));
    assertEquals(MapiError.MAPI_E_COMPUTED, e.error());
  }

  @Test
  void removing_an_attachment_removes_its_content_id_too() {
    int n =
        m.addAttachment("logo.png", "image/png", new ByteArrayInputStream(new byte[] {1})).number();
    m.setAttachmentProperty(n, PropTag.PR_ATTACH_CONTENT_ID, "logo");
    assertFalse(
        m.tags().contains(PropTag.of(0x67F1, PropType.PT_UNICODE, String.class)),
        "the attachments' properties are not listed as a property of the message");
    m.removeAttachment(n);
    assertNull(m.get(PropTag.of(0x67F1, PropType.PT_UNICODE, String.class)));
  }
}
