package org.msgstore.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.msgstore.EntryId;
import org.msgstore.FolderKind;
import org.msgstore.MapiError;
import org.msgstore.MapiException;
import org.msgstore.Message;
import org.msgstore.MessageFlags;
import org.msgstore.OpenFlag;
import org.msgstore.PropTag;
import org.msgstore.RecipientType;
import org.msgstore.testing.PlainConnection;

/**
 * Bad input is refused at the call with a MAPI code and a message naming the problem; nothing is
 * stored.
 */
class BadInputTest extends OpenStoreContract {
  MailboxSession session;
  Message draft;

  @BeforeEach
  void open() {
    session = fixture.session("alice");
    draft = session.openFolder(FolderKind.OUTBOX).createMessage();
  }

  static MapiException refused(MapiError expected, Executable call, String mentions) {
    MapiException e = assertThrows(MapiException.class, call);
    assertEquals(expected, e.error(), e.getMessage());
    assertEquals(expected.code(), e.code());
    assertTrue(
        e.getMessage().contains(mentions),
        "message should mention '" + mentions + "': " + e.getMessage());
    return e;
  }

  @Test
  void CR_or_LF_in_the_subject_is_refused_with_MAPI_E_INVALID_PARAMETER() {
    refused(
        MapiError.MAPI_E_INVALID_PARAMETER,
        () -> draft.set(PropTag.PR_SUBJECT, "Hello\r\nBcc: evil@example.com"),
        "CR");
    refused(
        MapiError.MAPI_E_INVALID_PARAMETER,
        () -> draft.set(PropTag.PR_SUBJECT, "Hello\nWorld"),
        "LF");
  }

  @Test
  void CR_or_LF_in_display_names_or_addresses_is_refused() {
    refused(
        MapiError.MAPI_E_INVALID_PARAMETER,
        () -> draft.addRecipient(RecipientType.TO, "Eve\r\nX: y", "SMTP", "eve@example.com"),
        "display name");
    refused(
        MapiError.MAPI_E_INVALID_PARAMETER,
        () -> draft.addRecipient(RecipientType.TO, "Eve", "SMTP", "eve@example.com\r\nBcc: x@y.z"),
        "address");
    refused(
        MapiError.MAPI_E_INVALID_PARAMETER,
        () -> draft.set(PropTag.PR_SENDER_NAME, "Shop\nX-Evil: 1"),
        "PR_SENDER_NAME");
  }

  @Test
  void an_SMTP_address_that_does_not_parse_is_refused_naming_the_address() {
    refused(
        MapiError.MAPI_E_INVALID_PARAMETER,
        () -> draft.addRecipient(RecipientType.TO, "Bob", "SMTP", "bob at example.com"),
        "bob at example.com");
    refused(
        MapiError.MAPI_E_INVALID_PARAMETER,
        () -> draft.addRecipient(RecipientType.TO, "Bob", "SMTP", "Bob <bob@example.com>"),
        "Bob <bob@example.com>");
    refused(
        MapiError.MAPI_E_INVALID_PARAMETER,
        () -> draft.addRecipient(RecipientType.TO, "Bob", "SMTP", "bob@"),
        "bob@");
    refused(
        MapiError.MAPI_E_INVALID_PARAMETER,
        () -> draft.addRecipient(RecipientType.TO, "Bob", "SM TP", "bob@example.com"),
        "SM TP");
  }

  @Test
  void an_SMTP_address_no_relay_could_take_unchanged_is_refused_naming_the_recipient() {
    refused(
        MapiError.MAPI_E_INVALID_PARAMETER,
        () -> draft.addRecipient(RecipientType.TO, "Eve", "SMTP", "eve\u202e@example.com"),
        "U+202E");
    refused(
        MapiError.MAPI_E_INVALID_PARAMETER,
        () -> draft.addRecipient(RecipientType.TO, "Eve", "SMTP", "eve\u0085@example.com"),
        "eve\u0085@example.com");
    refused(
        MapiError.MAPI_E_INVALID_PARAMETER,
        () -> draft.addRecipient(RecipientType.TO, "Eve", "SMTP", "eve@\uff45vil.test"),
        "IDNA");
    // International addresses that can be sent unchanged are taken: SMTPUTF8 or IDNA carry them.
    draft.addRecipient(RecipientType.TO, "J\u00f6rg", "SMTP", "j\u00f6rg@m\u00fcnchen.example");
  }

  @Test
  void a_value_of_the_wrong_type_for_its_tag_is_refused() {
    @SuppressWarnings("unchecked")
    PropTag<Object> subjectAsObject = (PropTag<Object>) PropTag.of(0x0037001F);
    refused(MapiError.MAPI_E_INVALID_PARAMETER, () -> draft.set(subjectAsObject, 42), "PR_SUBJECT");
    refused(MapiError.MAPI_E_INVALID_PARAMETER, () -> PropTag.of(0x80010099), "0x0099");
  }

  @Test
  void a_null_where_none_is_allowed_is_refused() {
    refused(MapiError.MAPI_E_INVALID_PARAMETER, () -> draft.set(PropTag.PR_SUBJECT, null), "null");
    refused(
        MapiError.MAPI_E_INVALID_PARAMETER,
        () -> draft.addRecipient(null, "Bob", "SMTP", "bob@example.com"),
        "type");
    refused(
        MapiError.MAPI_E_INVALID_PARAMETER,
        () -> draft.addRecipient(RecipientType.TO, "Bob", "SMTP", null),
        "address");
    refused(
        MapiError.MAPI_E_INVALID_PARAMETER,
        () -> draft.addAttachment("a.txt", "text/plain", null),
        "a.txt");
    refused(MapiError.MAPI_E_INVALID_ENTRYID, () -> session.openEntry(null), "null");
    refused(MapiError.MAPI_E_INVALID_PARAMETER, () -> fixture.session(" "), "mailbox");
  }

  @Test
  void properties_the_store_computes_are_refused_with_MAPI_E_COMPUTED() {
    refused(
        MapiError.MAPI_E_COMPUTED,
        () -> draft.set(PropTag.PR_ENTRYID, new byte[] {1}),
        "PR_ENTRYID");
    refused(
        MapiError.MAPI_E_COMPUTED,
        () -> draft.set(PropTag.PR_STORE_SUPPORT_MASK, 0),
        "PR_STORE_SUPPORT_MASK");
    refused(
        MapiError.MAPI_E_COMPUTED,
        () -> draft.set(PropTag.PR_MESSAGE_FLAGS, MessageFlags.MSGFLAG_SUBMIT),
        "MSGFLAG_SUBMIT");
  }

  @Test
  void a_bad_attachment_mime_type_or_file_name_is_refused() {
    refused(
        MapiError.MAPI_E_INVALID_PARAMETER,
        () -> draft.addAttachment("a.txt", "text plain", new ByteArrayInputStream(new byte[1])),
        "text plain");
    refused(
        MapiError.MAPI_E_INVALID_PARAMETER,
        () -> draft.addAttachment("a\r\n.txt", "text/plain", new ByteArrayInputStream(new byte[1])),
        "file name");
  }

  @Test
  void a_closed_message_refuses_every_call_with_MAPI_E_INVALID_OBJECT() {
    draft.close();
    refused(MapiError.MAPI_E_INVALID_OBJECT, () -> draft.get(PropTag.PR_SUBJECT), "closed");
    refused(MapiError.MAPI_E_INVALID_OBJECT, draft::saveChanges, "closed");
    draft.close(); // a second close is harmless
  }

  @Test
  void a_message_used_through_a_closed_connection_fails_clearly() {
    PlainConnection conn = fixture.connection();
    Message m = fixture.store.session(conn, "alice").openFolder(FolderKind.DRAFTS).createMessage();
    conn.close();
    refused(MapiError.MAPI_E_INVALID_OBJECT, () -> m.set(PropTag.PR_SUBJECT, "x"), "closed");
  }

  @Test
  void a_read_only_message_refuses_writes_with_MAPI_E_NO_ACCESS() {
    draft.set(PropTag.PR_SUBJECT, "saved");
    draft.saveChanges();
    try (Message readOnly = session.openEntry(draft.entryId())) {
      assertEquals(0, readOnly.get(PropTag.PR_ACCESS_LEVEL));
      refused(
          MapiError.MAPI_E_NO_ACCESS,
          () -> readOnly.set(PropTag.PR_SUBJECT, "changed"),
          "read-only");
    }
  }

  @Test
  void a_save_refused_for_a_bad_sender_leaves_nothing_in_the_store() {
    draft.set(PropTag.PR_SUBJECT, "never stored");
    draft.set(PropTag.PR_SENDER_EMAIL_ADDRESS, "not an address");
    refused(MapiError.MAPI_E_INVALID_PARAMETER, draft::saveChanges, "not an address");
    assertTrue(session.openFolder(FolderKind.OUTBOX).getContentsTable().isEmpty());
    refused(
        MapiError.MAPI_E_NOT_FOUND,
        () -> session.openEntry(draft.entryId()),
        draft.entryId().toString());
  }

  @Test
  void an_entry_id_that_is_not_one_of_ours_is_refused_with_MAPI_E_INVALID_ENTRYID() {
    refused(
        MapiError.MAPI_E_INVALID_ENTRYID,
        () -> session.openEntry(EntryId.of(new byte[] {1, 2, 3})),
        "010203");
    refused(MapiError.MAPI_E_INVALID_ENTRYID, () -> EntryId.parse("xyz"), "xyz");
  }

  @Test
  void a_concurrent_save_of_the_same_message_fails_with_MAPI_E_OBJECT_CHANGED() {
    draft.set(PropTag.PR_SUBJECT, "v1");
    draft.saveChanges();
    try (Message other =
        fixture.session("alice").openEntry(draft.entryId(), org.msgstore.OpenFlag.MAPI_MODIFY)) {
      other.set(PropTag.PR_SUBJECT, "theirs");
      other.saveChanges();
    }
    draft.set(PropTag.PR_SUBJECT, "mine");
    refused(MapiError.MAPI_E_OBJECT_CHANGED, draft::saveChanges, "changed");
    try (Message now = session.openEntry(draft.entryId())) {
      assertEquals("theirs", now.get(PropTag.PR_SUBJECT));
    }
  }

  @Test
  void PR_ORIGINAL_DISPLAY_NAME_is_refused_with_a_line_break_like_every_display_name() {
    int row = draft.addRecipient(RecipientType.TO, "Eve", "SMTP", "eve@example.com").rowId();
    refused(
        MapiError.MAPI_E_INVALID_PARAMETER,
        () ->
            draft.setRecipientProperty(row, PropTag.PR_ORIGINAL_DISPLAY_NAME, "Eve\r\nBcc: x@y.z"),
        "PR_ORIGINAL_DISPLAY_NAME");
    refused(
        MapiError.MAPI_E_INVALID_PARAMETER,
        () -> draft.set(PropTag.PR_ORIGINAL_DISPLAY_NAME, "Eve\u0000"),
        "PR_ORIGINAL_DISPLAY_NAME");
    refused(
        MapiError.MAPI_E_STRING_TOO_LONG,
        () -> draft.setRecipientProperty(row, PropTag.PR_ORIGINAL_DISPLAY_NAME, "E".repeat(1025)),
        "PR_ORIGINAL_DISPLAY_NAME");
    draft.setRecipientProperty(row, PropTag.PR_ORIGINAL_DISPLAY_NAME, "Eve Example");
  }

  @Test
  void a_stored_PR_ORIGINAL_DISPLAY_NAME_with_a_line_break_is_not_restored_at_submit()
      throws Exception {
    draft.set(PropTag.PR_SUBJECT, "restored?");
    draft.addRecipient(RecipientType.TO, "Eve", "SMTP", "eve@example.com");
    draft.saveChanges();
    EntryId id = draft.entryId();
    draft.close();
    // Written before this check existed, or by hand: version 1, one property, its length, UTF-8.
    byte[] bad = "Eve\r\nBcc: x@y.z".getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream bag = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bag)) {
      out.writeByte(1);
      out.writeInt(1);
      out.writeInt(PropTag.PR_ORIGINAL_DISPLAY_NAME.tag());
      out.writeInt(bad.length);
      out.write(bad);
    }
    try (Connection c = fixture.store.openConnection();
        PreparedStatement ps = c.prepareStatement("UPDATE recipient SET props = ?")) {
      ps.setBytes(1, bag.toByteArray());
      assertEquals(1, ps.executeUpdate());
    }
    try (Message stored = session.openEntry(id, OpenFlag.MAPI_MODIFY)) {
      refused(MapiError.MAPI_E_INVALID_PARAMETER, stored::submit, "PR_ORIGINAL_DISPLAY_NAME");
    }
    try (Message stored = session.openEntry(id)) {
      assertEquals("Eve", stored.getRecipients().get(0).displayName(), "nothing restored");
      assertEquals(0, stored.get(PropTag.PR_MESSAGE_FLAGS) & MessageFlags.MSGFLAG_SUBMIT);
    }
  }

  @Test
  void a_client_set_PR_INTERNET_MESSAGE_ID_must_be_an_RFC_5322_msg_id() {
    for (String bad :
        new String[] {
          "no-brackets@example.com",
          "<no-at-sign>",
          "<two@at@example.com>",
          "<a b@example.com>",
          "<@example.com>",
          "<left@>",
          "<left..dots@example.com>",
          "<left@[bad]literal]>",
          "<left@example.com",
          "<ä@example.com>",
          "<left@example.com> trailing",
          "<" + "x".repeat(980) + "@example.com>",
        }) {
      refused(
          MapiError.MAPI_E_INVALID_PARAMETER,
          () -> draft.set(PropTag.PR_INTERNET_MESSAGE_ID, bad),
          "PR_INTERNET_MESSAGE_ID");
    }
    for (String good :
        new String[] {
          "<a1.b2@example.com>",
          "<1d3a4e2-55.x+y=z@mail.example.com>",
          "<abc@[192.0.2.1]>",
          "<!#$%&'*+-/=?^_`{|}~@example>",
        }) {
      draft.set(PropTag.PR_INTERNET_MESSAGE_ID, good);
      assertEquals(good, draft.get(PropTag.PR_INTERNET_MESSAGE_ID));
    }
  }
}
