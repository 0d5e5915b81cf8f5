package org.msgstore.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.msgstore.store.BadInputTest.refused;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.msgstore.EntryId;
import org.msgstore.FolderKind;
import org.msgstore.MapiError;
import org.msgstore.Message;
import org.msgstore.MessageFlags;
import org.msgstore.PropTag;
import org.msgstore.Recipient;
import org.msgstore.RecipientType;
import org.msgstore.Restriction;
import org.msgstore.Row;
import org.msgstore.SubmitFlags;
import org.msgstore.spi.Preprocessor;
import org.msgstore.testing.TestMessage;

/** Phase A of the send path: submit() to the MAPI rules (mapi-send-spec §5, R1–R17, R72, R79). */
class SubmitTest extends OpenStoreContract {
  static final Instant T0 = Instant.parse("2026-11-24T12:00:00.000001Z");

  final SettableClock clock = settableClockAt(T0);
  MailboxSession alice;
  SpoolerSession spooler;

  @BeforeEach
  void open() {
    alice = fixture.session("alice");
    spooler = fixture.spoolerSession("node-1", Duration.ofMinutes(5));
  }

  Message draft(String subject, String... smtpTo) {
    return TestMessage.subject(subject).to(smtpTo).createIn(alice.openFolder(FolderKind.OUTBOX));
  }

  List<EntryId> queued() {
    return spooler.getOutgoingQueue(0).stream().map(Row::entryId).toList();
  }

  @Test
  void
      R1_submit_without_recipients_fails_with_MAPI_E_NO_RECIPIENTS_and_the_message_stays_writable() {
    Message m = draft("no one");
    refused(MapiError.MAPI_E_NO_RECIPIENTS, m::submit, "no recipients");
    assertTrue(queued().isEmpty());
    m.addRecipient(RecipientType.TO, "Bob", "SMTP", "bob@example.com");
    m.submit();
    assertEquals(1, queued().size());
  }

  @Test
  void R2_submit_makes_pending_changes_durable_before_queueing() {
    Message m = draft("first", "bob@example.com");
    m.saveChanges();
    m.set(PropTag.PR_SUBJECT, "changed right before submit");
    EntryId id = m.entryId();
    m.submit();
    try (Message read = alice.openEntry(id)) {
      assertEquals("changed right before submit", read.get(PropTag.PR_SUBJECT));
    }
  }

  @Test
  void R3_when_PrepareSubmit_fails_submit_returns_its_error_and_leaves_no_trace() {
    Message m = draft("stray MAPI_SUBMITTED");
    Recipient r = m.addRecipient(RecipientType.TO, "Bob", "SMTP", "bob@example.com");
    m.setRecipientProperty(
        r.rowId(),
        PropTag.PR_RECIPIENT_TYPE,
        RecipientType.TO.value() | RecipientType.MAPI_SUBMITTED);
    EntryId id = m.entryId();
    refused(MapiError.MAPI_E_INVALID_PARAMETER, m::submit, "MSGFLAG_RESEND");
    assertTrue(queued().isEmpty(), "not queued");
    refused(MapiError.MAPI_E_NOT_FOUND, () -> alice.openEntry(id), "no message"); // not even saved
    assertEquals(
        0, m.get(PropTag.PR_MESSAGE_FLAGS) & MessageFlags.MSGFLAG_SUBMIT, "no flag changed");
  }

  @Test
  void R7_the_recipient_table_offers_the_required_columns_and_EQ_NE_exist_AND_OR_restrictions() {
    Message m = draft("table", "bob@example.com");
    m.addRecipient(RecipientType.CC, "Carol", "SMTP", "carol@example.com");
    m.addRecipient(RecipientType.BCC, "Dave", "SMTP", "dave@example.com");
    EntryId id = m.entryId();
    m.submit();
    try (Message read = alice.openEntry(id)) {
      for (Recipient r : read.getRecipients()) {
        for (PropTag<?> column :
            List.of(
                PropTag.PR_DISPLAY_NAME,
                PropTag.PR_RECIPIENT_TYPE,
                PropTag.PR_ROWID,
                PropTag.PR_ADDRTYPE,
                PropTag.PR_RESPONSIBILITY)) {
          assertTrue(r.tags().contains(column), column + " on " + r);
        }
      }
      assertEquals(
          List.of("carol@example.com"),
          addresses(
              read.getRecipients(
                  Restriction.eq(PropTag.PR_RECIPIENT_TYPE, RecipientType.CC.value()))));
      assertEquals(
          2,
          read.getRecipients(Restriction.ne(PropTag.PR_EMAIL_ADDRESS, "dave@example.com")).size());
      assertEquals(
          3,
          read.getRecipients(
                  Restriction.and(
                      Restriction.eq(PropTag.PR_ADDRTYPE, "SMTP"),
                      Restriction.eq(PropTag.PR_RESPONSIBILITY, false)))
              .size());
      assertEquals(
          List.of("bob@example.com", "dave@example.com"),
          addresses(
              read.getRecipients(
                  Restriction.or(
                      Restriction.eq(PropTag.PR_RECIPIENT_TYPE, 1),
                      Restriction.eq(PropTag.PR_RECIPIENT_TYPE, 3)))));
      assertEquals(3, read.getRecipients(Restriction.eq(PropTag.PR_SPOOLER_STATUS, 0)).size());
      assertTrue(read.getRecipients(Restriction.exists(PropTag.PR_NDR_REASON_CODE)).isEmpty());
      assertTrue(
          read.getRecipients(Restriction.ne(PropTag.PR_NDR_REASON_CODE, 1)).isEmpty(),
          "a comparison on a missing property is false");
    }
    assertEquals(
        1, spooler.getOutgoingQueue(0, Restriction.eq(PropTag.PR_SPOOLER_STATUS, 0)).size(), "R22");
  }

  private static List<String> addresses(List<Recipient> rows) {
    return rows.stream().map(Recipient::address).toList();
  }

  @Test
  void R4_R5_R6_R8_submit_sets_SUBMIT_and_UNSENT_responsibility_FALSE_and_the_client_submit_time() {
    Message m = draft("flags", "bob@example.com", "carol@example.com");
    EntryId id = m.entryId();
    m.submit();
    try (Message read = alice.openEntry(id)) {
      int flags = read.get(PropTag.PR_MESSAGE_FLAGS);
      assertEquals(MessageFlags.MSGFLAG_SUBMIT, flags & MessageFlags.MSGFLAG_SUBMIT);
      assertEquals(
          MessageFlags.MSGFLAG_UNSENT,
          flags & MessageFlags.MSGFLAG_UNSENT,
          "set even though the client never did");
      for (Recipient r : read.getRecipients()) {
        assertTrue(r.tags().contains(PropTag.PR_RESPONSIBILITY));
        assertFalse(r.responsibility(), r.toString());
      }
      assertEquals(T0, read.get(PropTag.PR_CLIENT_SUBMIT_TIME));
      assertNotNull(
          read.get(PropTag.PR_INTERNET_MESSAGE_ID), "one stable Message-ID from submit on");
    }
  }

  @Test
  void
      R9_R10_personal_distribution_lists_expand_nested_deliver_each_address_once_and_restore_names() {
    EntryId inner = distList("Team B", List.of("dave@example.com", "erin@example.com"), List.of());
    EntryId outer =
        distList("Team A", List.of("bob@example.com", "DAVE@example.com"), List.of(inner));
    Message m = draft("to the team");
    m.addRecipient(RecipientType.TO, "Team A", "MAPIPDL", outer.toString());
    m.addRecipient(RecipientType.CC, "Bob again", "SMTP", "bob@example.com");
    Recipient renamed =
        m.addRecipient(RecipientType.CC, "Changed Name", "SMTP", "frank@example.com");
    m.setRecipientProperty(renamed.rowId(), PropTag.PR_ORIGINAL_DISPLAY_NAME, "Frank Original");
    EntryId id = m.entryId();
    m.submit();
    try (Message read = alice.openEntry(id)) {
      List<Recipient> rows = read.getRecipients();
      assertTrue(
          rows.stream().noneMatch(r -> r.addressType().equals("MAPIPDL")),
          "R9: no MAPIPDL row reaches a transport");
      List<String> sent =
          rows.stream()
              .filter(r -> !r.responsibility())
              .map(r -> r.address().toLowerCase())
              .toList();
      assertEquals(
          List.of("bob@example.com", "dave@example.com", "erin@example.com", "frank@example.com"),
          sent,
          "R10: each address once");
      assertEquals(6, rows.size(), "repeats stay visible, marked as handled by the first row");
      assertTrue(
          rows.stream().anyMatch(r -> r.displayName().equals("Frank Original")),
          "R10: changed display names are restored");
      assertEquals(
          RecipientType.TO,
          rows.stream()
              .filter(r -> r.address().equals("erin@example.com"))
              .findFirst()
              .orElseThrow()
              .type());
    }
  }

  @Test
  void R10_a_distribution_list_cycle_is_refused_with_a_clear_error_and_nothing_is_queued() {
    Message a = alice.openFolder(FolderKind.DRAFTS).createMessage();
    a.set(PropTag.PR_MESSAGE_CLASS, RecipientExpander.DIST_LIST_CLASS);
    a.addRecipient(RecipientType.TO, "x", "SMTP", "x@example.com");
    a.saveChanges();
    EntryId b = distList("B", List.of(), List.of(a.entryId()));
    a.addRecipient(RecipientType.TO, "B", "MAPIPDL", b.toString());
    a.saveChanges();
    Message m = draft("loop");
    m.addRecipient(RecipientType.TO, "A", "MAPIPDL", a.entryId().toString());
    refused(MapiError.MAPI_E_INVALID_PARAMETER, m::submit, "contains itself");
    assertTrue(queued().isEmpty());
    m.set(PropTag.PR_SUBJECT, "still usable after a refused submit");
  }

  @Test
  void a_list_reached_by_many_paths_is_expanded_once_so_doubling_nesting_stays_one_row() {
    // Each level holds the previous one twice: expanded per path, 12 levels made 4,096 rows.
    EntryId level = distList("L0", List.of("bob@example.com"), List.of());
    for (int i = 1; i <= 12; i++) {
      level = distList("L" + i, List.of(), List.of(level, level));
    }
    Message m = draft("doubling lists");
    m.addRecipient(RecipientType.TO, "L12", "MAPIPDL", level.toString());
    EntryId id = m.entryId();
    m.submit();
    try (Message read = alice.openEntry(id)) {
      assertEquals(
          List.of("bob@example.com"),
          read.getRecipients().stream().map(Recipient::address).toList());
    }
  }

  @Test
  void lists_expanding_past_the_row_cap_are_refused_with_MAPI_E_TOO_COMPLEX() {
    int half = RecipientExpander.MAX_RECIPIENT_ROWS / 2 + 1;
    List<String> first = new java.util.ArrayList<>();
    List<String> second = new java.util.ArrayList<>();
    for (int i = 0; i < half; i++) {
      first.add("a" + i + "@example.com");
      second.add("b" + i + "@example.com");
    }
    Message m = draft("too many");
    m.addRecipient(RecipientType.TO, "A", "MAPIPDL", distList("A", first, List.of()).toString());
    m.addRecipient(RecipientType.TO, "B", "MAPIPDL", distList("B", second, List.of()).toString());
    refused(MapiError.MAPI_E_TOO_COMPLEX, m::submit, "more than 10000 rows");
    assertTrue(queued().isEmpty());
  }

  @Test
  void
      lists_nested_deeper_than_the_cap_are_refused_with_MAPI_E_TOO_COMPLEX_and_nothing_is_queued() {
    EntryId level = distList("L0", List.of("bob@example.com"), List.of());
    for (int i = 1; i <= RecipientExpander.MAX_LIST_DEPTH; i++) {
      level = distList("L" + i, List.of(), List.of(level));
    }
    Message m = draft("too deep");
    m.addRecipient(RecipientType.TO, "deep", "MAPIPDL", level.toString());
    refused(MapiError.MAPI_E_TOO_COMPLEX, m::submit, "nested more than 16 lists deep");
    assertTrue(queued().isEmpty());
  }

  @Test
  void
      R11_a_message_a_preprocessor_applies_to_is_queued_with_SUBMITFLAG_PREPROCESS_and_PR_PREPROCESS() {
    fixture.store.submitSupport().setClaimedAddressTypes(Set.of("SMTP", "FAX"), false);
    fixture.store.submitSupport().registerPreprocessor(new FaxPreprocessor(), 0);
    Message fax = draft("fax");
    fax.addRecipient(RecipientType.TO, "Office", "FAX", "+49 30 1234");
    EntryId faxId = fax.entryId();
    fax.submit();
    Message mail = draft("mail", "bob@example.com");
    EntryId mailId = mail.entryId();
    mail.submit();
    List<Row> q = spooler.getOutgoingQueue(0);
    assertEquals(faxId, q.get(0).entryId());
    assertEquals(SubmitFlags.SUBMITFLAG_PREPROCESS, q.get(0).get(PropTag.PR_SUBMIT_FLAGS));
    assertEquals(mailId, q.get(1).entryId());
    assertEquals(0, q.get(1).get(PropTag.PR_SUBMIT_FLAGS));
    try (Message read = alice.openEntry(faxId)) {
      assertEquals(true, read.get(PropTag.PR_PREPROCESS));
    }
    try (Message read = alice.openEntry(mailId)) {
      assertNull(read.get(PropTag.PR_PREPROCESS));
    }
  }

  @Test
  void R13_after_submit_the_message_object_accepts_only_close() {
    Message m = draft("once", "bob@example.com");
    m.submit();
    refused(MapiError.MAPI_E_INVALID_OBJECT, () -> m.set(PropTag.PR_SUBJECT, "again"), "submitted");
    refused(MapiError.MAPI_E_INVALID_OBJECT, () -> m.get(PropTag.PR_SUBJECT), "submitted");
    refused(MapiError.MAPI_E_INVALID_OBJECT, m::submit, "submitted");
    m.close();
    m.close();
  }

  @Test
  void R14_resend_rows_already_delivered_are_shown_only_and_the_rest_go_as_P1_copies() {
    Message m = draft("resend");
    m.set(PropTag.PR_MESSAGE_FLAGS, MessageFlags.MSGFLAG_RESEND);
    Recipient got = m.addRecipient(RecipientType.TO, "Got it", "SMTP", "got@example.com");
    m.setRecipientProperty(
        got.rowId(),
        PropTag.PR_RECIPIENT_TYPE,
        RecipientType.TO.value() | RecipientType.MAPI_SUBMITTED);
    m.addRecipient(RecipientType.TO, "Missed it", "SMTP", "missed@example.com");
    EntryId id = m.entryId();
    m.submit();
    try (Message read = alice.openEntry(id)) {
      Recipient shown = read.getRecipients().get(0);
      Recipient again = read.getRecipients().get(1);
      assertEquals(RecipientType.TO, shown.type());
      assertFalse(shown.submitted(), "MAPI_SUBMITTED is cleared");
      assertTrue(shown.responsibility(), "not transmitted again");
      assertEquals(RecipientType.P1, again.type());
      assertFalse(again.responsibility(), "transmitted again");
    }
  }

  @Test
  void R16_FORCE_SUBMIT_is_accepted_and_R24_other_flags_are_refused_with_MAPI_E_UNKNOWN_FLAGS() {
    Message bad = draft("flags", "bob@example.com");
    refused(MapiError.MAPI_E_UNKNOWN_FLAGS, () -> bad.submit(0x2), "0x00000002");
    bad.submit(SubmitFlags.FORCE_SUBMIT);
    assertEquals(1, queued().size());
  }

  @Test
  void R17_R21_a_submit_in_a_transaction_is_queued_and_announced_only_when_it_commits()
      throws Exception {
    List<QueueEvent> events = new ArrayList<>();
    fixture.store.addQueueListener(events::add);
    TransactionalConnection tx = TransactionalConnection.begin(fixture.connection().jdbc());
    MailboxSession inTx = fixture.store.session(tx, "alice");

    Message rolledBack = inTx.openFolder(FolderKind.OUTBOX).createMessage();
    rolledBack.addRecipient(RecipientType.TO, "Bob", "SMTP", "bob@example.com");
    EntryId rolledBackId = rolledBack.entryId();
    rolledBack.submit();
    assertTrue(events.isEmpty(), "nobody is woken before the commit");
    tx.rollback();
    assertTrue(queued().isEmpty());
    assertTrue(events.isEmpty(), "a rolled-back submit wakes nobody");
    refused(MapiError.MAPI_E_NOT_FOUND, () -> alice.openEntry(rolledBackId), "no message");

    Message committed = inTx.openFolder(FolderKind.OUTBOX).createMessage();
    committed.addRecipient(RecipientType.TO, "Bob", "SMTP", "bob@example.com");
    committed.submit();
    assertTrue(queued().isEmpty(), "not visible to others before commit");
    tx.commit();
    assertEquals(1, queued().size());
    assertEquals(
        List.of(QueueEvent.Kind.TABLE_ROW_ADDED), events.stream().map(QueueEvent::kind).toList());
  }

  @Test
  void R72_a_sent_mail_folder_that_is_not_ours_is_refused_at_submit_with_MAPI_E_INVALID_ENTRYID() {
    Message m = draft("filed", "bob@example.com");
    byte[] foreign = fixture.session("mallory").getStoreProperty(PropTag.PR_IPM_SENTMAIL_ENTRYID);
    m.set(PropTag.PR_SENTMAIL_ENTRYID, foreign);
    refused(MapiError.MAPI_E_INVALID_ENTRYID, m::submit, "PR_SENTMAIL_ENTRYID");
    assertTrue(queued().isEmpty());
    m.set(PropTag.PR_SENTMAIL_ENTRYID, alice.getStoreProperty(PropTag.PR_IPM_SENTMAIL_ENTRYID));
    m.submit();
    assertEquals(1, queued().size());
  }

  @Test
  void a_recipient_whose_address_type_no_transport_claims_is_refused_naming_the_recipient() {
    Message m = draft("x400");
    m.addRecipient(RecipientType.TO, "Old System", "X400", "c=de;a=x;p=y;s=z");
    refused(MapiError.MAPI_E_INVALID_PARAMETER, m::submit, "Old System");
    assertTrue(queued().isEmpty());
  }

  @Test
  void R79_a_deferred_message_is_queued_but_not_due_before_its_time() {
    Message later = draft("later", "bob@example.com");
    later.set(PropTag.PR_DEFERRED_SEND_TIME, T0.plus(Duration.ofHours(2)));
    EntryId laterId = later.entryId();
    later.submit();
    Message units = draft("in 3 days", "bob@example.com");
    units.set(PropTag.PR_DEFERRED_SEND_NUMBER, 3);
    units.set(PropTag.PR_DEFERRED_SEND_UNITS, 2);
    units.set(
        PropTag.PR_DEFERRED_SEND_TIME,
        T0.plus(Duration.ofMinutes(1))); // ignored: NUMBER and UNITS win
    EntryId unitsId = units.entryId();
    units.submit();
    Message past = draft("past", "bob@example.com");
    past.set(PropTag.PR_DEFERRED_SEND_TIME, T0.minus(Duration.ofDays(1)));
    EntryId pastId = past.entryId();
    past.submit();

    assertEquals(3, queued().size());
    assertEquals(List.of(pastId), spooler.due(10), "a past time means now");
    clock.advance(Duration.ofHours(2));
    assertEquals(List.of(laterId, pastId), spooler.due(10));
    clock.advance(Duration.ofDays(3));
    assertEquals(List.of(laterId, unitsId, pastId), spooler.due(10));
    try (Message read = alice.openEntry(unitsId)) {
      assertEquals(T0.plus(Duration.ofDays(3)), read.get(PropTag.PR_DEFERRED_SEND_TIME));
    }
    Message bad = draft("bad units", "bob@example.com");
    bad.set(PropTag.PR_DEFERRED_SEND_NUMBER, 1000);
    bad.set(PropTag.PR_DEFERRED_SEND_UNITS, 0);
    refused(MapiError.MAPI_E_INVALID_PARAMETER, bad::submit, "0..999");
  }

  private EntryId distList(String name, List<String> smtpMembers, List<EntryId> nestedLists) {
    try (Message dl = alice.openFolder(FolderKind.DRAFTS).createMessage()) {
      dl.set(PropTag.PR_MESSAGE_CLASS, RecipientExpander.DIST_LIST_CLASS);
      dl.set(PropTag.PR_SUBJECT, name);
      for (String member : smtpMembers) {
        dl.addRecipient(RecipientType.TO, member, "SMTP", member);
      }
      for (EntryId nested : nestedLists) {
        dl.addRecipient(RecipientType.TO, "list", "MAPIPDL", nested.toString());
      }
      dl.saveChanges();
      return dl.entryId();
    }
  }

  static final class FaxPreprocessor implements Preprocessor {
    @Override
    public Set<String> addressTypes() {
      return Set.of("FAX");
    }

    @Override
    public PreprocessResult preprocess(org.msgstore.spi.PreprocessableMessage message) {
      return PreprocessResult.unchanged();
    }
  }
}
