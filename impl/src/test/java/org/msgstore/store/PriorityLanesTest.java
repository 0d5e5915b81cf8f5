package org.msgstore.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.msgstore.EntryId;
import org.msgstore.FolderKind;
import org.msgstore.PropTag;
import org.msgstore.Row;
import org.msgstore.testing.TestMessage;

/**
 * Priority lanes: PR_PRIORITY (or PR_IMPORTANCE) moves a message in the order the spooler claims
 * due messages, by the head start in force at submit; equal priority keeps submit order (R34) and
 * the outgoing-queue table stays in submit order (R19).
 */
class PriorityLanesTest extends OpenStoreContract {
  static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");
  static final Duration LEASE = Duration.ofMinutes(5);

  final SettableClock clock = settableClockAt(T0);
  MailboxSession alice;
  SpoolerSession spooler;

  @BeforeEach
  void open() {
    alice = fixture.session("alice");
    spooler = fixture.spoolerSession("node-1", LEASE);
    fixture.store.claimRank().setHeadStart(Duration.ofHours(1));
  }

  private EntryId submitted(String subject, PropTag<Integer> tag, Integer value) {
    TestMessage m = TestMessage.subject(subject).from("alice@example.com").to("bob@example.com");
    if (tag != null) {
      m.set(tag, value);
    }
    return m.submitIn(alice.openFolder(FolderKind.OUTBOX));
  }

  private List<EntryId> claimAll() {
    List<EntryId> order = new ArrayList<>();
    for (List<EntryId> batch; !(batch = spooler.claim(2)).isEmpty(); ) {
      order.addAll(batch);
    }
    return order;
  }

  @Test
  void an_urgent_message_is_claimed_before_a_waiting_bulk_send_and_a_normal_one_before_it_too() {
    List<EntryId> bulk = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      bulk.add(submitted("newsletter " + i, PropTag.PR_PRIORITY, -1));
      clock.set(clock.instant().plusSeconds(1));
    }
    EntryId reset = submitted("password reset", null, null);
    clock.set(clock.instant().plusSeconds(1));
    EntryId alarm = submitted("alarm", PropTag.PR_PRIORITY, 1);

    List<EntryId> expected = new ArrayList<>(List.of(alarm, reset));
    expected.addAll(bulk);
    assertEquals(expected, claimAll());
    assertEquals(
        bulk.get(0),
        spooler.getOutgoingQueue(0).stream().map(Row::entryId).findFirst().orElseThrow(),
        "the outgoing-queue table stays in submit order (R19)");
  }

  @Test
  void importance_decides_when_the_message_has_no_priority() {
    EntryId low = submitted("low", PropTag.PR_IMPORTANCE, 0);
    EntryId normal = submitted("normal", PropTag.PR_IMPORTANCE, 1);
    EntryId high = submitted("high", PropTag.PR_IMPORTANCE, 2);
    assertEquals(List.of(high, normal, low), claimAll());
  }

  @Test
  void priority_wins_over_importance() {
    EntryId urgentButUnimportant = submitted("a", PropTag.PR_PRIORITY, 1);
    EntryId importantButNormal;
    try (var m = alice.openFolder(FolderKind.OUTBOX).createMessage()) {
      m.set(PropTag.PR_SUBJECT, "b");
      m.set(PropTag.PR_IMPORTANCE, 2);
      m.set(PropTag.PR_PRIORITY, 0);
      m.addRecipient(org.msgstore.RecipientType.TO, "Bob", "SMTP", "bob@example.com");
      importantButNormal = m.entryId();
      m.submit();
    }
    assertEquals(List.of(urgentButUnimportant, importantButNormal), claimAll());
  }

  @Test
  void a_non_urgent_message_older_than_two_head_starts_goes_before_a_new_urgent_one() {
    EntryId old = submitted("old newsletter", PropTag.PR_PRIORITY, -1);
    clock.set(T0.plus(Duration.ofHours(2)).plusSeconds(1));
    EntryId urgent = submitted("urgent", PropTag.PR_PRIORITY, 1);
    assertEquals(List.of(old, urgent), claimAll(), "ageing: the bulk message is not starved");
  }

  @Test
  void equal_priority_keeps_submit_order() {
    List<EntryId> submitted = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      submitted.add(submitted("urgent " + i, PropTag.PR_PRIORITY, 1));
    }
    assertEquals(submitted, claimAll());
  }

  @Test
  void a_head_start_of_zero_is_plain_submit_order() {
    fixture.store.claimRank().setHeadStart(Duration.ZERO);
    EntryId bulk = submitted("bulk", PropTag.PR_PRIORITY, -1);
    clock.set(T0.plusSeconds(1));
    EntryId urgent = submitted("urgent", PropTag.PR_PRIORITY, 1);
    assertEquals(List.of(bulk, urgent), claimAll());
  }

  @Test
  void a_deferred_urgent_message_is_claimed_first_once_it_is_due() {
    EntryId bulk = submitted("bulk", PropTag.PR_PRIORITY, -1);
    EntryId later;
    try (var m = alice.openFolder(FolderKind.OUTBOX).createMessage()) {
      m.set(PropTag.PR_SUBJECT, "urgent at 10:05");
      m.set(PropTag.PR_PRIORITY, 1);
      m.set(PropTag.PR_DEFERRED_SEND_TIME, T0.plus(Duration.ofMinutes(5)));
      m.addRecipient(org.msgstore.RecipientType.TO, "Bob", "SMTP", "bob@example.com");
      later = m.entryId();
      m.submit();
    }
    assertEquals(List.of(bulk), spooler.due(5), "not before its time (R79)");
    clock.set(T0.plus(Duration.ofMinutes(5)));
    assertEquals(List.of(later, bulk), claimAll());
  }
}
