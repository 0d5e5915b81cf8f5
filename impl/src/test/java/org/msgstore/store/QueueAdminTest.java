package org.msgstore.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.msgstore.EntryId;
import org.msgstore.FolderKind;
import org.msgstore.MapiError;
import org.msgstore.MapiException;
import org.msgstore.Message;
import org.msgstore.PropTag;
import org.msgstore.Recipient;
import org.msgstore.Row;
import org.msgstore.spi.DeliveryResult;
import org.msgstore.spi.OutboundMessage;
import org.msgstore.spi.OutboundRecipient;
import org.msgstore.spi.TransportProvider;
import org.msgstore.spooler.Spooler;
import org.msgstore.spooler.SpoolerSettings;
import org.msgstore.store.QueueAdmin.Selection;
import org.msgstore.testing.TestMessage;

/**
 * An operator's queue operations on every database: hold keeps a message from every spooler until
 * it is released, a held mailbox holds what it submits later too, retry now brings a deferred
 * message forward, cancel ends a message with an NDR saying so, and the list filters and pages in
 * the database.
 */
class QueueAdminTest extends OpenStoreContract {
  static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");
  static final Duration LEASE = Duration.ofMinutes(5);

  final SettableClock clock = settableClockAt(T0);
  QueueAdmin admin;
  MailboxSession alice;
  SpoolerSession spooler;

  @BeforeEach
  void open() {
    admin = fixture.store.queueAdmin();
    alice = fixture.session("alice");
    spooler = fixture.spoolerSession("node-1", LEASE);
  }

  private EntryId submit(MailboxSession from, String subject, String... to) {
    return TestMessage.subject(subject)
        .from(from.mailbox() + "@example.com")
        .to(to.length == 0 ? new String[] {"bob@dest.example"} : to)
        .submitIn(from.openFolder(FolderKind.OUTBOX));
  }

  private List<EntryId> listed(Selection s, int offset, int limit) {
    return admin.list(fixture.connection(), s, offset, limit).stream()
        .map(QueueAdmin.Item::entryId)
        .toList();
  }

  /** Claims {@code id} and gives it back deferred for an hour with {@code error}. */
  private void deferAnHour(EntryId id, String error) {
    assertEquals(List.of(id), spooler.claim(1));
    spooler.release(id, T0.plus(Duration.ofHours(1)), error);
  }

  @Test
  void a_held_message_is_claimed_by_no_spooler_until_it_is_released() {
    EntryId id = submit(alice, "hold me");

    assertEquals(1, admin.hold(fixture.connection(), Selection.message(id), "ops"));
    assertEquals(List.of(), spooler.claim(5), "held: not claimed");
    QueueAdmin.Item item = admin.find(fixture.connection(), id);
    assertEquals("HELD", item.state());
    assertEquals("ops", item.heldBy());
    assertEquals(0, admin.hold(fixture.connection(), Selection.message(id), "ops"), "held once");

    assertEquals(1, admin.release(fixture.connection(), Selection.message(id)));
    assertEquals(List.of(id), spooler.claim(5), "released: claimed again");
  }

  @Test
  void a_held_mailbox_holds_its_queued_messages_and_those_it_submits_later_until_released() {
    MailboxSession bob = fixture.session("bob");
    EntryId before = submit(alice, "queued before the hold");
    assertEquals(1, admin.holdMailbox(fixture.connection(), "alice", "ops"));
    EntryId after = submit(alice, "submitted while held");
    EntryId other = submit(bob, "another mailbox");

    assertEquals(List.of(other), spooler.claim(5), "only the other mailbox's message");
    assertEquals("HELD", admin.find(fixture.connection(), after).state());
    assertEquals(List.of("alice"), admin.heldMailboxes(fixture.connection()));

    assertEquals(2, admin.releaseMailbox(fixture.connection(), "alice"));
    assertEquals(List.of(before, after), spooler.claim(5));
    assertEquals(List.of(), admin.heldMailboxes(fixture.connection()));
  }

  @Test
  void releasing_a_mailbox_leaves_a_message_held_on_its_own_held() {
    EntryId alone = submit(alice, "held on its own");
    EntryId withMailbox = submit(alice, "held with the mailbox");
    admin.hold(fixture.connection(), Selection.message(alone), "ops");
    assertEquals(1, admin.holdMailbox(fixture.connection(), "alice", "ops"));

    assertEquals(1, admin.releaseMailbox(fixture.connection(), "alice"));
    assertEquals(List.of(withMailbox), spooler.claim(5));
    assertEquals("HELD", admin.find(fixture.connection(), alone).state());
  }

  @Test
  void retry_now_makes_a_deferred_message_due_before_its_back_off_time() {
    EntryId id = submit(alice, "greylisted");
    deferAnHour(id, "451 4.7.1 greylisted, try later");
    assertEquals(List.of(), spooler.claim(5), "deferred for an hour");
    assertEquals("DEFERRED", admin.find(fixture.connection(), id).state());

    assertEquals(1, admin.retryNow(fixture.connection(), Selection.inState("DEFERRED")));
    assertEquals(List.of(id), spooler.claim(5), "due now, the clock not moved");
  }

  @Test
  void retry_now_by_mailbox_and_by_recipient_domain_takes_only_those_messages() {
    MailboxSession bob = fixture.session("bob");
    EntryId toSlow = submit(alice, "to slow", "x@slow.example");
    EntryId toFast = submit(alice, "to fast", "y@fast.example");
    EntryId fromBob = submit(bob, "from bob", "z@other.example");
    deferAnHour(toSlow, "421 busy");
    deferAnHour(toFast, "421 busy");
    deferAnHour(fromBob, "421 busy");

    assertEquals(1, admin.retryNow(fixture.connection(), Selection.domain("@SLOW.example")));
    assertEquals(List.of(toSlow), spooler.claim(5));
    assertEquals(1, admin.retryNow(fixture.connection(), Selection.mailbox("bob")));
    assertEquals(List.of(fromBob), spooler.claim(5));
    assertEquals(1, admin.retryNow(fixture.connection(), Selection.message(toFast)));
    assertEquals(List.of(toFast), spooler.claim(5));
  }

  @Test
  void cancel_fails_each_open_recipient_with_an_NDR_saying_the_administrator_cancelled_it() {
    byte[] sentItems = alice.getStoreProperty(PropTag.PR_IPM_SENTMAIL_ENTRYID);
    EntryId id =
        TestMessage.subject("runaway batch")
            .with(m -> m.set(PropTag.PR_SENTMAIL_ENTRYID, sentItems))
            .from("alice@example.com")
            .to("bob@dest.example", "carol@dest.example")
            .submitIn(alice.openFolder(FolderKind.OUTBOX));

    assertEquals(
        new QueueAdmin.Cancelled(1, 0),
        admin.cancel(fixture.connection(), Selection.message(id), "ops@example.com"));

    assertEquals(0, spooler.queueDepth());
    List<Row> inbox = alice.openFolder(FolderKind.INBOX).getContentsTable();
    assertEquals(1, inbox.size());
    assertEquals("Report.IPM.Note.NDR", inbox.get(0).get(PropTag.PR_MESSAGE_CLASS));
    try (Message ndr = alice.openEntry(inbox.get(0).entryId())) {
      String body = ndr.get(PropTag.PR_BODY);
      assertTrue(body.contains("cancelled by the administrator (ops@example.com)"), body);
      List<Recipient> rows = ndr.getRecipients();
      assertEquals(
          List.of("bob@dest.example", "carol@dest.example"),
          rows.stream().map(Recipient::address).toList());
      assertEquals(QueueCancel.CANCEL_DIAG, rows.get(0).get(PropTag.PR_NDR_DIAG_CODE));
      assertEquals(QueueCancel.CANCEL_REASON, rows.get(0).get(PropTag.PR_NDR_REASON_CODE));
    }
    assertEquals(
        1,
        alice.openFolder(FolderKind.SENT_ITEMS).getContentsTable().size(),
        "filed as after a failed delivery");
  }

  @Test
  void a_message_in_delivery_is_not_cancelled_and_is_counted_as_in_delivery() {
    EntryId busy = submit(alice, "in delivery");
    EntryId idle = submit(alice, "waiting");
    assertEquals(List.of(busy), spooler.claim(1));

    assertEquals(
        new QueueAdmin.Cancelled(1, 1),
        admin.cancel(fixture.connection(), Selection.mailbox("alice"), null));

    assertEquals("LOCKED", admin.find(fixture.connection(), busy).state());
    assertEquals("node-1", admin.find(fixture.connection(), busy).lockedBy());
    assertThrows(MapiException.class, () -> admin.find(fixture.connection(), idle));
  }

  @Test
  void an_unknown_entry_id_fails_with_MAPI_E_NOT_FOUND_naming_it() {
    EntryId id = submit(alice, "sent and gone");
    admin.cancel(fixture.connection(), Selection.message(id), "ops");

    MapiException e =
        assertThrows(
            MapiException.class, () -> admin.retryNow(fixture.connection(), Selection.message(id)));
    assertEquals(MapiError.MAPI_E_NOT_FOUND, e.error());
    assertTrue(e.getMessage().contains(id.toString()), e.getMessage());
  }

  @Test
  void the_list_filters_by_mailbox_state_age_and_last_error_and_pages_in_queue_order() {
    MailboxSession bob = fixture.session("bob");
    List<EntryId> alices = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      alices.add(submit(alice, "alice " + i));
      clock.set(clock.instant().plusSeconds(60));
    }
    EntryId bobs = submit(bob, "bob");
    for (EntryId id : spooler.claim(10)) { // an attempt each; two are deferred for an hour
      boolean greylisted = id.equals(alices.get(1));
      boolean busy = id.equals(alices.get(3));
      spooler.release(
          id,
          greylisted || busy ? T0.plus(Duration.ofHours(1)) : clock.instant(),
          greylisted ? "451 4.7.1 Greylisted" : busy ? "421 too many connections" : null);
    }

    assertEquals(alices.subList(0, 2), listed(Selection.mailbox("alice"), 0, 2));
    assertEquals(alices.subList(2, 4), listed(Selection.mailbox("alice"), 2, 2));
    assertEquals(alices.subList(4, 5), listed(Selection.mailbox("alice"), 4, 2));
    assertEquals(List.of(bobs), listed(Selection.mailbox("bob"), 0, 10));
    assertEquals(List.of(), listed(Selection.mailbox("nobody"), 0, 10));
    assertEquals(
        List.of(alices.get(1), alices.get(3)), listed(Selection.inState("deferred"), 0, 10));
    assertEquals(
        List.of(alices.get(1)),
        listed(new Selection(null, null, null, null, "greylisted", null), 0, 10));
    assertEquals(
        alices.subList(0, 3),
        listed(new Selection(null, "alice", null, Duration.ofMinutes(3), null, null), 0, 10),
        "submitted at least three minutes ago (the clock stands at 10:05)");
    QueueAdmin.Item deferred = admin.find(fixture.connection(), alices.get(3));
    assertEquals("421 too many connections", deferred.lastError());
    assertEquals(1, deferred.attempts());
    assertEquals(T0.plus(Duration.ofHours(1)), deferred.nextAttempt());
    assertNull(deferred.lockedBy());

    MapiException badState =
        assertThrows(MapiException.class, () -> listed(Selection.inState("STUCK"), 0, 10));
    assertEquals(MapiError.MAPI_E_INVALID_PARAMETER, badState.error());
    assertThrows(MapiException.class, () -> listed(Selection.ALL, 0, QueueAdmin.MAX_PAGE + 1));
  }

  @Test
  void the_gauges_count_each_lane_and_the_held_and_age_the_oldest_due_message() {
    fixture.store.claimRank().setHeadStart(Duration.ofHours(1));
    TestMessage.subject("urgent")
        .from("alice@example.com")
        .to("bob@dest.example")
        .with(m -> m.set(PropTag.PR_PRIORITY, 1))
        .submitIn(alice.openFolder(FolderKind.OUTBOX));
    EntryId bulk =
        TestMessage.subject("bulk")
            .from("alice@example.com")
            .to("bob@dest.example")
            .with(m -> m.set(PropTag.PR_PRIORITY, -1))
            .submitIn(alice.openFolder(FolderKind.OUTBOX));
    clock.set(T0.plusSeconds(30));
    submit(alice, "normal");
    admin.hold(fixture.connection(), Selection.message(bulk), "ops");
    clock.set(T0.plusSeconds(90));

    QueueAdmin.Gauges g = admin.gauges(fixture.connection());
    assertEquals(new QueueAdmin.Gauges(3, 1, 1, 1, 1, Duration.ofSeconds(90)), g);
  }

  @Test
  void through_a_spooler_hold_stops_delivery_release_delivers_and_retry_now_skips_the_back_off() {
    List<String> sent = new CopyOnWriteArrayList<>();
    boolean[] deferOnce = {true};
    TransportProvider smtp =
        new TransportProvider() {
          @Override
          public String id() {
            return "smtp";
          }

          @Override
          public java.util.Set<String> addressTypes() {
            return java.util.Set.of("SMTP");
          }

          @Override
          public List<DeliveryResult> deliver(
              OutboundMessage message, List<OutboundRecipient> recipients) throws IOException {
            List<DeliveryResult> results = new ArrayList<>();
            for (OutboundRecipient r : recipients) {
              if (((String) message.get(PropTag.PR_SUBJECT)).equals("deferred once")
                  && deferOnce[0]) {
                deferOnce[0] = false;
                results.add(DeliveryResult.deferred(r.rowId(), "451 try again later"));
              } else {
                sent.add(((String) message.get(PropTag.PR_SUBJECT)));
                results.add(DeliveryResult.delivered(r.rowId()));
              }
            }
            return results;
          }
        };
    Spooler node =
        new Spooler(
            fixture.store,
            SpoolerSettings.builder("node-1")
                .lease(LEASE)
                .backoff(Duration.ofHours(1), Duration.ofHours(2))
                .build(),
            List.of(smtp));
    try {
      EntryId held = submit(alice, "held");
      admin.hold(fixture.connection(), Selection.message(held), "ops");
      submit(alice, "deferred once");

      assertEquals(1, node.runOnce(), "only the deferred one was claimed");
      assertEquals(List.of(), sent);
      assertEquals(0, node.runOnce(), "held, and the other deferred for an hour");

      assertEquals(1, admin.release(fixture.connection(), Selection.message(held)));
      assertEquals(1, admin.retryNow(fixture.connection(), Selection.inState("DEFERRED")));
      assertEquals(2, node.runOnce());
      assertEquals(List.of("deferred once", "held"), sent.stream().sorted().toList());
      assertEquals(0, node.queueDepth());
    } finally {
      node.close();
    }
  }
}
