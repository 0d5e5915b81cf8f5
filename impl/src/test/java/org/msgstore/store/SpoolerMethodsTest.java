package org.msgstore.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.msgstore.store.BadInputTest.refused;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.msgstore.DeleteResult;
import org.msgstore.EntryId;
import org.msgstore.Folder;
import org.msgstore.FolderKind;
import org.msgstore.MapiError;
import org.msgstore.MapiWarning;
import org.msgstore.Message;
import org.msgstore.MessageFlags;
import org.msgstore.OpenFlag;
import org.msgstore.PropTag;
import org.msgstore.RecipientType;
import org.msgstore.Row;
import org.msgstore.StoreSupport;
import org.msgstore.SubmitFlags;
import org.msgstore.inflow.NewMailEvent;
import org.msgstore.testing.TestMessage;

/** The queue, locking, access, cancel and finish rules (mapi-send-spec R18–R43, R68–R71, R77). */
class SpoolerMethodsTest extends OpenStoreContract {
  static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");
  static final Duration LEASE = Duration.ofMinutes(5);

  final SettableClock clock = settableClockAt(T0);
  MailboxSession alice;
  SpoolerSession spooler;
  List<QueueEvent> events = new ArrayList<>();

  @BeforeEach
  void open() {
    alice = fixture.session("alice");
    spooler = fixture.spoolerSession("node-1", LEASE);
    fixture.store.addQueueListener(events::add);
  }

  EntryId submitted(String subject) {
    return TestMessage.subject(subject)
        .set(PropTag.PR_PRIORITY, 1)
        .recipient(RecipientType.TO, "Bob", "bob@example.com")
        .recipient(RecipientType.CC, "Carol", "carol@example.com")
        .recipient(RecipientType.BCC, "Dave", "dave@example.com")
        .submitIn(alice.openFolder(FolderKind.OUTBOX));
  }

  Message locked(EntryId id) {
    Message m = spooler.openMessage(id);
    spooler.setLockState(m, SpoolerSession.MSG_LOCKED);
    return m;
  }

  @Test
  void R18_R22_the_outgoing_queue_table_has_the_required_columns() {
    EntryId id = submitted("columns");
    Row row = spooler.getOutgoingQueue(0).get(0);
    assertEquals(id, row.entryId());
    assertEquals(T0, row.get(PropTag.PR_CLIENT_SUBMIT_TIME));
    assertEquals("Dave", row.get(PropTag.PR_DISPLAY_BCC));
    assertEquals("Carol", row.get(PropTag.PR_DISPLAY_CC));
    assertEquals("Bob", row.get(PropTag.PR_DISPLAY_TO));
    assertEquals(
        MessageFlags.MSGFLAG_SUBMIT,
        row.get(PropTag.PR_MESSAGE_FLAGS) & MessageFlags.MSGFLAG_SUBMIT);
    assertNotNull(row.get(PropTag.PR_MESSAGE_SIZE));
    assertEquals(1, row.get(PropTag.PR_PRIORITY));
    assertEquals("columns", row.get(PropTag.PR_SUBJECT));
    assertEquals(0, row.get(PropTag.PR_SUBMIT_FLAGS));
    assertEquals(0, row.get(PropTag.PR_SPOOLER_STATUS));
  }

  @Test
  void R19_R34_the_queue_is_ordered_by_submit_time_then_submit_order_and_the_oldest_is_due_first() {
    clock.set(T0.plusSeconds(10));
    EntryId late = submitted("late");
    clock.set(T0);
    EntryId first = submitted("first, same instant");
    EntryId second = submitted("second, same instant");
    clock.set(T0.plusSeconds(20));
    assertEquals(
        List.of(first, second, late),
        spooler.getOutgoingQueue(0).stream().map(Row::entryId).toList());
    assertEquals(List.of(first), spooler.due(1));
    locked(first);
    assertEquals(List.of(second), spooler.due(1), "a locked message is not offered again");
  }

  @Test
  void R19_R79_a_claim_finds_the_oldest_due_messages_behind_a_long_head_of_deferred_ones() {
    // More deferred messages at the head of the queue than a claim looks at first (8 per message
    // asked for, plus 64): the claim must still find the due ones behind them, oldest first.
    for (int i = 0; i < 80; i++) {
      try (Message m = alice.openFolder(FolderKind.OUTBOX).createMessage()) {
        m.set(PropTag.PR_SUBJECT, "tomorrow " + i);
        m.set(PropTag.PR_DEFERRED_SEND_TIME, T0.plus(java.time.Duration.ofDays(1)));
        m.addRecipient(RecipientType.TO, "Bob", "SMTP", "bob@example.com");
        m.submit();
      }
    }
    clock.set(T0.plusSeconds(1));
    EntryId first = submitted("due 1");
    EntryId second = submitted("due 2");
    assertEquals(List.of(first), spooler.claim(1));
    assertEquals(List.of(second), spooler.due(5));
    assertEquals(List.of(second), spooler.claim(5));
  }

  @Test
  void R79_nextDue_is_the_earliest_due_time_still_ahead_of_a_message_not_held() {
    assertEquals(null, spooler.nextDue(clock.instant()), "an empty queue");
    submitted("due now");
    assertEquals(
        null, spooler.nextDue(clock.instant()), "a message due now is the claim's, not a wait");
    for (Duration in : List.of(Duration.ofHours(2), Duration.ofMinutes(7))) {
      try (Message m = alice.openFolder(FolderKind.OUTBOX).createMessage()) {
        m.set(PropTag.PR_SUBJECT, "in " + in);
        m.set(PropTag.PR_DEFERRED_SEND_TIME, T0.plus(in));
        m.addRecipient(RecipientType.TO, "Bob", "SMTP", "bob@example.com");
        m.submit();
      }
    }
    assertEquals(T0.plus(Duration.ofMinutes(7)), spooler.nextDue(clock.instant()));
    clock.set(T0.plus(Duration.ofMinutes(7)));
    assertEquals(
        T0.plus(Duration.ofHours(2)), spooler.nextDue(clock.instant()), "one due now is not ahead");
  }

  @Test
  void R21_adding_locking_and_removing_queue_rows_raise_table_notifications() {
    EntryId a = submitted("a");
    EntryId b = submitted("b");
    Message m = locked(a);
    alice.abortSubmit(b);
    spooler.finishedMsg(0, a);
    assertEquals(
        List.of(
            QueueEvent.Kind.TABLE_ROW_ADDED,
            QueueEvent.Kind.TABLE_ROW_ADDED,
            QueueEvent.Kind.TABLE_ROW_MODIFIED,
            QueueEvent.Kind.TABLE_ROW_DELETED,
            QueueEvent.Kind.TABLE_ROW_DELETED),
        events.stream().map(QueueEvent::kind).toList());
    assertEquals(List.of(a, b, a, b, a), events.stream().map(QueueEvent::entryId).toList());
    m.close();
  }

  @Test
  void R23_spooler_methods_through_a_client_session_fail_with_MAPI_E_NO_SUPPORT() {
    EntryId id = submitted("x");
    refused(MapiError.MAPI_E_NO_SUPPORT, () -> alice.getOutgoingQueue(0), "spooler");
    refused(MapiError.MAPI_E_NO_SUPPORT, () -> alice.setLockState(null, 1), "spooler");
    refused(MapiError.MAPI_E_NO_SUPPORT, () -> alice.finishedMsg(0, id), "spooler");
    refused(MapiError.MAPI_E_NO_SUPPORT, () -> alice.notifyNewMail(null), "spooler");
  }

  @Test
  void R24_reserved_flags_must_be_zero() {
    EntryId id = submitted("x");
    refused(MapiError.MAPI_E_UNKNOWN_FLAGS, () -> spooler.getOutgoingQueue(1), "getOutgoingQueue");
    refused(MapiError.MAPI_E_UNKNOWN_FLAGS, () -> spooler.finishedMsg(4, id), "finishedMsg");
    refused(MapiError.MAPI_E_UNKNOWN_FLAGS, () -> alice.abortSubmit(id, 2), "abortSubmit");
    refused(
        MapiError.MAPI_E_UNKNOWN_FLAGS,
        () ->
            fixture.store.submitSupport().registerPreprocessor(new SubmitTest.FaxPreprocessor(), 1),
        "registerPreprocessor");
  }

  @Test
  void R25_the_store_advertises_SUBMIT_CREATE_and_MODIFY_and_refuses_writes_of_the_mask() {
    int mask = alice.getStoreProperty(PropTag.PR_STORE_SUPPORT_MASK);
    int needed =
        StoreSupport.STORE_SUBMIT_OK | StoreSupport.STORE_CREATE_OK | StoreSupport.STORE_MODIFY_OK;
    assertEquals(needed, mask & needed);
    Message m = alice.openFolder(FolderKind.DRAFTS).createMessage();
    refused(MapiError.MAPI_E_COMPUTED, () -> m.set(PropTag.PR_STORE_SUPPORT_MASK, 0), "computed");
  }

  @Test
  void R26_R27_locking_sets_SUBMITFLAG_LOCKED_saves_the_spoolers_changes_and_unlocking_clears_it() {
    EntryId id = submitted("lock me");
    Message m = spooler.openMessage(id);
    m.set(PropTag.PR_PROVIDER_SUBMIT_TIME, T0); // set before the lock: SetLockState saves it
    spooler.setLockState(m, SpoolerSession.MSG_LOCKED);
    assertEquals(SubmitFlags.SUBMITFLAG_LOCKED, m.get(PropTag.PR_SUBMIT_FLAGS));
    assertEquals(
        SubmitFlags.SUBMITFLAG_LOCKED,
        spooler.getOutgoingQueue(0).get(0).get(PropTag.PR_SUBMIT_FLAGS));
    try (Message fresh = spooler.openMessage(id)) {
      assertEquals(T0, fresh.get(PropTag.PR_PROVIDER_SUBMIT_TIME));
    }
    spooler.setLockState(m, SpoolerSession.MSG_UNLOCKED);
    assertEquals(0, spooler.getOutgoingQueue(0).get(0).get(PropTag.PR_SUBMIT_FLAGS));
  }

  @Test
  void R28_a_locked_message_cannot_be_opened_by_a_client_whatever_the_flags() {
    EntryId id = submitted("locked");
    locked(id);
    refused(MapiError.MAPI_E_NO_ACCESS, () -> alice.openEntry(id), "locked");
    refused(
        MapiError.MAPI_E_NO_ACCESS, () -> alice.openEntry(id, OpenFlag.MAPI_BEST_ACCESS), "locked");
    refused(MapiError.MAPI_E_NO_ACCESS, () -> alice.openEntry(id, OpenFlag.MAPI_MODIFY), "locked");
  }

  @Test
  void R29_a_locked_message_cannot_be_aborted_and_stays_queued() {
    EntryId id = submitted("locked");
    locked(id);
    refused(MapiError.MAPI_E_UNABLE_TO_ABORT, () -> alice.abortSubmit(id), "locked");
    assertEquals(1, spooler.getOutgoingQueue(0).size());
  }

  @Test
  void R30_locking_a_message_another_spooler_holds_fails_and_the_first_keeps_it() {
    EntryId id = submitted("contested");
    locked(id);
    SpoolerSession other = fixture.spoolerSession("node-2", LEASE);
    Message theirs = other.openMessage(id);
    refused(
        MapiError.MAPI_E_NOT_IN_QUEUE,
        () -> other.setLockState(theirs, SpoolerSession.MSG_LOCKED),
        "node-1");
    refused(MapiError.MAPI_E_INVALID_PARAMETER, () -> other.finishedMsg(0, id), "node-2");
    spooler.finishedMsg(0, id);
  }

  @Test
  void R31_locking_a_message_that_is_not_queued_fails_with_MAPI_E_NOT_IN_QUEUE() {
    Message draft = alice.openFolder(FolderKind.DRAFTS).createMessage();
    draft.set(PropTag.PR_SUBJECT, "never submitted");
    draft.saveChanges();
    Message viaSpooler = spooler.openMessage(draft.entryId());
    refused(
        MapiError.MAPI_E_NOT_IN_QUEUE,
        () -> spooler.setLockState(viaSpooler, SpoolerSession.MSG_LOCKED),
        "not in the outgoing queue");
  }

  @Test
  void R32_a_lock_state_other_than_0_or_1_is_refused() {
    EntryId id = submitted("x");
    Message m = spooler.openMessage(id);
    refused(MapiError.MAPI_E_INVALID_PARAMETER, () -> spooler.setLockState(m, 2), "lock state 2");
  }

  @Test
  void R33_a_lock_lapses_with_its_lease_and_after_a_restart_the_message_is_picked_up_again()
      throws Exception {
    EntryId id = submitted("orphaned");
    locked(id);
    fixture.close(); // the node dies holding the lock
    fixture = openFixture(clock);
    SpoolerSession next = fixture.spoolerSession("node-2", LEASE);
    assertTrue(next.due(10).isEmpty(), "the lease still holds");
    clock.advance(LEASE.plusSeconds(1));
    assertEquals(
        0,
        next.getOutgoingQueue(0).get(0).get(PropTag.PR_SUBMIT_FLAGS),
        "no SUBMITFLAG_LOCKED once lapsed");
    assertEquals(List.of(id), next.due(10));
    Message m = next.openMessage(id);
    next.setLockState(m, SpoolerSession.MSG_LOCKED);
    next.finishedMsg(0, id);
    assertTrue(next.getOutgoingQueue(0).isEmpty());
  }

  @Test
  void
      R35_R36_R37_a_queued_message_refuses_modify_and_opens_read_only_with_best_access_or_no_flag() {
    EntryId id = submitted("queued");
    refused(
        MapiError.MAPI_E_SUBMITTED, () -> alice.openEntry(id, OpenFlag.MAPI_MODIFY), "submitted");
    try (Message best = alice.openEntry(id, OpenFlag.MAPI_BEST_ACCESS)) {
      assertEquals(0, best.get(PropTag.PR_ACCESS_LEVEL));
      assertTrue(best.isReadOnly());
      refused(MapiError.MAPI_E_NO_ACCESS, () -> best.set(PropTag.PR_SUBJECT, "no"), "read-only");
    }
    try (Message plain = alice.openEntry(id)) {
      assertEquals(0, plain.get(PropTag.PR_ACCESS_LEVEL));
      assertEquals("queued", plain.get(PropTag.PR_SUBJECT));
    }
  }

  @Test
  void
      R38_deleting_skips_submitted_messages_with_partial_completion_and_empty_folder_leaves_them_queued() {
    EntryId queuedId = submitted("queued");
    Folder outbox = alice.openFolder(FolderKind.OUTBOX);
    EntryId draftId;
    try (Message d = outbox.createMessage()) {
      d.set(PropTag.PR_SUBJECT, "draft");
      d.saveChanges();
      draftId = d.entryId();
    }
    DeleteResult r = outbox.deleteMessages(List.of(queuedId, draftId));
    assertEquals(MapiWarning.MAPI_W_PARTIAL_COMPLETION, r.status());
    assertEquals(List.of(draftId), r.deleted());
    assertEquals(List.of(queuedId), r.skipped());
    DeleteResult emptied = outbox.emptyFolder();
    assertEquals(MapiWarning.MAPI_W_PARTIAL_COMPLETION, emptied.status());
    assertEquals(List.of(queuedId), emptied.skipped());
    assertEquals(
        List.of(queuedId),
        spooler.getOutgoingQueue(0).stream().map(Row::entryId).toList(),
        "emptyFolder does not abort");
  }

  @Test
  void R39_R40_the_read_flag_of_a_submitted_message_does_not_change_and_SUBMIT_is_not_writable() {
    EntryId id = submitted("queued");
    try (Message m = alice.openEntry(id)) {
      m.setReadFlag(true);
    }
    try (Message m = alice.openEntry(id)) {
      assertEquals(0, m.get(PropTag.PR_MESSAGE_FLAGS) & MessageFlags.MSGFLAG_READ);
    }
    Message draft = alice.openFolder(FolderKind.DRAFTS).createMessage();
    refused(
        MapiError.MAPI_E_COMPUTED,
        () -> draft.set(PropTag.PR_MESSAGE_FLAGS, MessageFlags.MSGFLAG_SUBMIT),
        "MSGFLAG_SUBMIT");
    draft.saveChanges();
    refused(
        MapiError.MAPI_E_NO_ACCESS,
        () -> draft.set(PropTag.PR_MESSAGE_FLAGS, MessageFlags.MSGFLAG_UNSENT),
        "before the message is first saved");
  }

  @Test
  void
      R41_R43_abortSubmit_with_the_id_read_before_submit_returns_the_message_to_an_editable_draft() {
    EntryId id = submitted("cancel me");
    alice.abortSubmit(id);
    assertTrue(spooler.getOutgoingQueue(0).isEmpty());
    try (Message m = alice.openEntry(id, OpenFlag.MAPI_MODIFY)) {
      int flags = m.get(PropTag.PR_MESSAGE_FLAGS);
      assertEquals(0, flags & MessageFlags.MSGFLAG_SUBMIT);
      assertEquals(MessageFlags.MSGFLAG_UNSENT, flags & MessageFlags.MSGFLAG_UNSENT);
      m.set(PropTag.PR_SUBJECT, "edited after abort");
      m.submit();
    }
    assertEquals(1, spooler.getOutgoingQueue(0).size());
  }

  @Test
  void R42_abortSubmit_of_a_message_not_queued_fails_with_MAPI_E_NOT_IN_QUEUE() {
    EntryId id = submitted("x");
    alice.abortSubmit(id);
    refused(
        MapiError.MAPI_E_NOT_IN_QUEUE, () -> alice.abortSubmit(id), "not in the outgoing queue");
    Message draft = alice.openFolder(FolderKind.DRAFTS).createMessage();
    draft.saveChanges();
    refused(
        MapiError.MAPI_E_NOT_IN_QUEUE, () -> alice.abortSubmit(draft.entryId()), "never submitted");
  }

  @Test
  void R68_finishedMsg_needs_a_message_this_spooler_locked() {
    EntryId id = submitted("x");
    refused(MapiError.MAPI_E_INVALID_PARAMETER, () -> spooler.finishedMsg(0, id), "not locked");
    Message draft = alice.openFolder(FolderKind.DRAFTS).createMessage();
    draft.saveChanges();
    refused(
        MapiError.MAPI_E_NOT_IN_QUEUE,
        () -> spooler.finishedMsg(0, draft.entryId()),
        "not in the outgoing queue");
  }

  @Test
  void R69_R70_R71_finishedMsg_applies_the_disposition_and_the_message_leaves_the_queue() {
    byte[] sentItems = alice.getStoreProperty(PropTag.PR_IPM_SENTMAIL_ENTRYID);
    EntryId left = submittedWith(null, null);
    EntryId filed = submittedWith(sentItems, null);
    EntryId deleted = submittedWith(null, true);
    EntryId filedAndDeleted = submittedWith(sentItems, true);
    for (EntryId id : List.of(left, filed, deleted, filedAndDeleted)) {
      locked(id);
      spooler.finishedMsg(0, id);
      refused(
          MapiError.MAPI_E_NOT_IN_QUEUE, () -> alice.abortSubmit(id), "not in the outgoing queue");
    }
    assertTrue(spooler.getOutgoingQueue(0).isEmpty());
    List<Row> outbox = alice.openFolder(FolderKind.OUTBOX).getContentsTable();
    assertEquals(
        List.of(left),
        outbox.stream().map(Row::entryId).toList(),
        "neither set: stays where it was");
    List<Row> sent = alice.openFolder(FolderKind.SENT_ITEMS).getContentsTable();
    assertEquals(1, sent.size(), "filed once; deleted ones are gone");
    assertEquals("filed", sent.get(0).get(PropTag.PR_SUBJECT));
    int flags = sent.get(0).get(PropTag.PR_MESSAGE_FLAGS);
    assertEquals(
        MessageFlags.MSGFLAG_READ,
        flags
            & (MessageFlags.MSGFLAG_SUBMIT
                | MessageFlags.MSGFLAG_UNSENT
                | MessageFlags.MSGFLAG_READ),
        "R71");
    refused(
        MapiError.MAPI_E_NOT_FOUND,
        () -> alice.openEntry(filed),
        filed.toString()); // a moved message has a new entry id
  }

  @Test
  void R77_notifyNewMail_reaches_the_subscribers_of_that_mailbox_only() {
    List<NewMailEvent> aliceMail = new ArrayList<>();
    List<NewMailEvent> bobMail = new ArrayList<>();
    fixture.store.addNewMailListener("alice", aliceMail::add);
    fixture.store.addNewMailListener("bob", bobMail::add);
    EntryId inbox = alice.openFolder(FolderKind.INBOX).entryId();
    NewMailEvent event =
        new NewMailEvent(
            "alice", EntryId.parse("014D00000000000000000000000000000001"), inbox, "IPM.Note", 0);
    spooler.notifyNewMail(event);
    assertEquals(List.of(event), aliceMail);
    assertTrue(bobMail.isEmpty());
    assertFalse(aliceMail.get(0).messageClass().isEmpty());
  }

  private EntryId submittedWith(byte[] sentmail, Boolean deleteAfter) {
    try (Message m = alice.openFolder(FolderKind.OUTBOX).createMessage()) {
      m.set(PropTag.PR_SUBJECT, sentmail != null && deleteAfter == null ? "filed" : "other");
      if (sentmail != null) {
        m.set(PropTag.PR_SENTMAIL_ENTRYID, sentmail);
      }
      if (deleteAfter != null) {
        m.set(PropTag.PR_DELETE_AFTER_SUBMIT, deleteAfter);
      }
      m.addRecipient(RecipientType.TO, "Bob", "SMTP", "bob@example.com");
      EntryId id = m.entryId();
      m.submit();
      return id;
    }
  }
}
