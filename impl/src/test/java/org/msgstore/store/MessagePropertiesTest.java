package org.msgstore.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.msgstore.EntryId;
import org.msgstore.FolderKind;
import org.msgstore.Message;
import org.msgstore.MessageFlags;
import org.msgstore.OpenFlag;
import org.msgstore.PropTag;
import org.msgstore.PropType;
import org.msgstore.Recipient;
import org.msgstore.RecipientType;

class MessagePropertiesTest extends OpenStoreContract {

  @Test
  void every_supported_property_type_survives_a_save_and_a_reopen_from_another_connection() {
    PropTag<Integer> aLong = PropTag.of(0x8001, PropType.PT_LONG, Integer.class);
    PropTag<Double> aDouble = PropTag.of(0x8002, PropType.PT_DOUBLE, Double.class);
    PropTag<Boolean> aBoolean = PropTag.of(0x8003, PropType.PT_BOOLEAN, Boolean.class);
    PropTag<Long> anI8 = PropTag.of(0x8004, PropType.PT_I8, Long.class);
    PropTag<String> aString8 = PropTag.of(0x8005, PropType.PT_STRING8, String.class);
    PropTag<String> aUnicode = PropTag.of(0x8006, PropType.PT_UNICODE, String.class);
    PropTag<Instant> aTime = PropTag.of(0x8007, PropType.PT_SYSTIME, Instant.class);
    PropTag<byte[]> aBinary = PropTag.of(0x8008, PropType.PT_BINARY, byte[].class);
    Instant time = Instant.parse("2026-11-24T17:03:04.123456789Z");

    EntryId id;
    try (Message m = fixture.session("alice").openFolder(FolderKind.DRAFTS).createMessage()) {
      m.set(aLong, -123456);
      m.set(aDouble, 3.5e-7);
      m.set(aBoolean, true);
      m.set(anI8, Long.MIN_VALUE);
      m.set(aString8, "plain ascii");
      m.set(aUnicode, "Grüße, 你好, שלום, 🙂");
      m.set(aTime, time);
      m.set(aBinary, new byte[] {0, 1, -1, 127, -128});
      m.set(PropTag.PR_IMPORTANCE, 2);
      m.saveChanges();
      id = m.entryId();
    }

    try (Message m = fixture.session("alice").openEntry(id)) {
      assertEquals(-123456, m.get(aLong));
      assertEquals(3.5e-7, m.get(aDouble));
      assertEquals(true, m.get(aBoolean));
      assertEquals(Long.MIN_VALUE, m.get(anI8));
      assertEquals("plain ascii", m.get(aString8));
      assertEquals("Grüße, 你好, שלום, 🙂", m.get(aUnicode));
      assertEquals(time, m.get(aTime), "SYSTIME keeps nanoseconds, so submit order survives");
      assertArrayEquals(new byte[] {0, 1, -1, 127, -128}, m.get(aBinary));
      assertEquals(2, m.get(PropTag.PR_IMPORTANCE));
      assertEquals("IPM.Note", m.get(PropTag.PR_MESSAGE_CLASS), "new messages default to IPM.Note");
    }
  }

  @Test
  void unicode_subject_body_and_recipient_names_round_trip() {
    String subject = "Bestellung 4711 – bestätigt ✓ 注文";
    String body = "Zeile 1\r\nZeile 2 — ñ ü ß\n🙂".repeat(200);
    EntryId id;
    try (Message m = fixture.session("bob").openFolder(FolderKind.OUTBOX).createMessage()) {
      m.set(PropTag.PR_SUBJECT, subject);
      m.set(PropTag.PR_BODY, body);
      m.addRecipient(RecipientType.TO, "Jürgen Müller", "SMTP", "juergen@example.com");
      m.addRecipient(RecipientType.CC, "王小明", "SMTP", "wang@example.cn");
      m.saveChanges();
      id = m.entryId();
    }
    try (Message m = fixture.session("bob").openEntry(id)) {
      assertEquals(subject, m.get(PropTag.PR_SUBJECT));
      assertEquals(body, m.get(PropTag.PR_BODY));
      List<Recipient> rs = m.getRecipients();
      assertEquals(2, rs.size());
      assertEquals("Jürgen Müller", rs.get(0).displayName());
      assertEquals(RecipientType.TO, rs.get(0).type());
      assertEquals("SMTP", rs.get(0).addressType());
      assertEquals("juergen@example.com", rs.get(0).address());
      assertFalse(rs.get(0).responsibility());
      assertEquals("王小明", rs.get(1).displayName());
      assertEquals("Jürgen Müller", m.get(PropTag.PR_DISPLAY_TO));
      assertEquals("王小明", m.get(PropTag.PR_DISPLAY_CC));
      assertEquals("", m.get(PropTag.PR_DISPLAY_BCC));
    }
  }

  @Test
  void a_saved_message_keeps_its_entry_id_and_later_saves_update_the_same_row() {
    MailboxSession s = fixture.session("carol");
    EntryId id;
    try (Message m = s.openFolder(FolderKind.DRAFTS).createMessage()) {
      id = m.entryId();
      m.set(PropTag.PR_SUBJECT, "v1");
      m.saveChanges();
      assertEquals(id, m.entryId());
      m.set(PropTag.PR_SUBJECT, "v2");
      m.addRecipient(RecipientType.TO, "Dan", "SMTP", "dan@example.com");
      m.saveChanges();
    }
    try (Message m = s.openEntry(id, OpenFlag.MAPI_MODIFY)) {
      assertEquals("v2", m.get(PropTag.PR_SUBJECT));
      assertEquals(1, m.getRecipients().size());
      m.removeRecipient(m.getRecipients().get(0).rowId());
      m.saveChanges();
    }
    try (Message m = s.openEntry(id)) {
      assertTrue(m.getRecipients().isEmpty());
      assertEquals(1, s.openFolder(FolderKind.DRAFTS).getContentsTable().size());
      assertEquals(id, s.openFolder(FolderKind.DRAFTS).getContentsTable().get(0).entryId());
    }
  }

  @Test
  void unsent_and_resend_flags_are_writable_before_the_first_save_and_read_flag_persists() {
    MailboxSession s = fixture.session("erin");
    EntryId id;
    try (Message m = s.openFolder(FolderKind.DRAFTS).createMessage()) {
      m.set(PropTag.PR_MESSAGE_FLAGS, MessageFlags.MSGFLAG_UNSENT);
      m.saveChanges();
      id = m.entryId();
    }
    try (Message m = s.openEntry(id)) {
      assertEquals(MessageFlags.MSGFLAG_UNSENT, m.get(PropTag.PR_MESSAGE_FLAGS));
      m.setReadFlag(true); // allowed on a read-only open, as in MAPI
    }
    try (Message m = s.openEntry(id)) {
      assertEquals(
          MessageFlags.MSGFLAG_UNSENT | MessageFlags.MSGFLAG_READ, m.get(PropTag.PR_MESSAGE_FLAGS));
    }
  }
}
