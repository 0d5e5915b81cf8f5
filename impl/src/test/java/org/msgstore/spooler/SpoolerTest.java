package org.msgstore.spooler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.msgstore.EntryId;
import org.msgstore.FolderKind;
import org.msgstore.Message;
import org.msgstore.MessageFlags;
import org.msgstore.PropTag;
import org.msgstore.Recipient;
import org.msgstore.RecipientType;
import org.msgstore.Row;
import org.msgstore.inflow.NewMailEvent;
import org.msgstore.spi.DeliveryResult;
import org.msgstore.spi.PreprocessableMessage;
import org.msgstore.spi.Preprocessor;
import org.msgstore.store.MailboxSession;
import org.msgstore.store.SettableClock;

/** The spooler's rules with scripted transports and a clock moved by hand (phases B, C, E). */
class SpoolerTest {
  static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");

  @TempDir Path dir;
  SettableClock clock = new SettableClock(T0);
  @AutoClose SpoolerFixture f;
  FakeTransport smtp = new FakeTransport("smtp", Set.of("SMTP"));

  @BeforeEach
  void open() {
    f = new SpoolerFixture(dir, clock);
  }

  List<Row> inbox(String mailbox) {
    return f.client(mailbox).openFolder(FolderKind.INBOX).getContentsTable();
  }

  List<Row> queue() {
    return f.spoolerSession("observer").getOutgoingQueue(0);
  }

  @Test
  void R12_submit_returns_before_any_transport_is_called_and_delivery_happens_on_the_spooler() {
    f.submitTo("alice", "later", "bob@example.com");
    Spooler s = f.spooler("node-1", smtp);
    assertTrue(smtp.offers.isEmpty(), "submit() alone calls no transport");
    s.runOnce();
    assertEquals(1, smtp.offers.size());
  }

  @Test
  void R20_R34_messages_go_to_transports_in_submit_order() {
    for (int i = 0; i < 15; i++) {
      f.submitTo("alice", "m" + i, "bob@example.com");
    }
    Spooler s = f.spooler("node-1", smtp); // batch size 10: two rounds
    s.runOnce();
    s.runOnce();
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 15; i++) {
      expected.add("m" + i);
    }
    assertEquals(expected, smtp.subjects);
  }

  @Test
  void several_delivery_threads_deliver_a_batch_at_once_each_message_exactly_once()
      throws Exception {
    for (int i = 0; i < 30; i++) {
      f.submitTo("alice", "p" + i, "bob" + i + "@example.com");
    }
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(4);
    java.util.concurrent.CountDownLatch together = new java.util.concurrent.CountDownLatch(4);
    FakeTransport slow = new FakeTransport("smtp", Set.of("SMTP"));
    slow.verdict =
        (m, r) -> {
          together.countDown(); // the first four deliveries must be running at the same time to get
          // past this
          try {
            assertTrue(
                together.await(10, java.util.concurrent.TimeUnit.SECONDS),
                "4 deliveries in parallel");
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
          return DeliveryResult.delivered(r.rowId());
        };
    Spooler s = f.pooled("node-1", pool, 4, slow);
    try {
      while (s.runOnce() > 0) {
        // three rounds of ten
      }
    } finally {
      pool.shutdown();
      s.close();
    }
    assertEquals(30, slow.offeredAddresses().size());
    assertEquals(30, new java.util.HashSet<>(slow.offeredAddresses()).size(), "no message twice");
    assertTrue(queue().isEmpty());
  }

  @Test
  void R65_the_spooler_stamps_PR_PROVIDER_SUBMIT_TIME_and_keeps_the_clients_submit_time() {
    EntryId id = f.submitTo("alice", "stamp", "bob@example.com");
    clock.advance(Duration.ofSeconds(42));
    f.spooler("node-1", smtp).runOnce();
    try (Message m = f.client("alice").openEntry(id)) {
      assertEquals(T0.plusSeconds(42), m.get(PropTag.PR_PROVIDER_SUBMIT_TIME));
      assertEquals(T0, m.get(PropTag.PR_CLIENT_SUBMIT_TIME));
    }
  }

  @Test
  void R44_a_message_deferred_by_its_transport_can_be_aborted_and_is_not_delivered_afterwards() {
    EntryId id = f.submitTo("alice", "abort me", "bob@example.com");
    smtp.verdict = (m, r) -> DeliveryResult.deferred(r.rowId(), "451 later");
    Spooler s = f.spooler("node-1", smtp);
    s.runOnce();
    f.client("alice").abortSubmit(id);
    clock.advance(Duration.ofHours(3));
    smtp.verdict = (m, r) -> DeliveryResult.delivered(r.rowId());
    assertEquals(0, s.runOnce());
    assertEquals(1, smtp.offers.size(), "only the attempt before the abort");
  }

  @Test
  void R48_after_preprocessing_the_flag_is_cleared_and_the_client_submit_time_is_kept() {
    f.store.submitSupport().setClaimedAddressTypes(Set.of("SMTP"), false);
    f.store
        .submitSupport()
        .registerPreprocessor(recording("any", Set.of(), new ArrayList<>(), -1), 0);
    EntryId id = f.submitTo("alice", "pre", "bob@example.com");
    smtp.verdict =
        (m, r) -> {
          assertEquals(
              0,
              m.get(PropTag.PR_SUBMIT_FLAGS) & org.msgstore.SubmitFlags.SUBMITFLAG_PREPROCESS,
              "cleared before hand-off");
          return DeliveryResult.deferred(r.rowId(), "keep it queued");
        };
    clock.advance(Duration.ofMinutes(1));
    f.spooler("node-1", smtp).runOnce();
    Row row = queue().get(0);
    assertEquals(0, row.get(PropTag.PR_SUBMIT_FLAGS));
    assertEquals(T0, row.get(PropTag.PR_CLIENT_SUBMIT_TIME));
    assertEquals(id, row.entryId());
  }

  @Test
  void
      R49_extra_messages_of_a_preprocessor_are_queued_by_the_spooler_and_sent_without_a_submit_call() {
    f.store
        .submitSupport()
        .registerPreprocessor(
            new Preprocessor() {
              @Override
              public Set<String> addressTypes() {
                return Set.of();
              }

              @Override
              public PreprocessResult preprocess(PreprocessableMessage message) {
                return new PreprocessResult(
                    List.of(),
                    List.of(),
                    List.of(
                        new Preprocessor.ExtraMessage(
                            java.util.Map.of(
                                PropTag.PR_SUBJECT,
                                "cover sheet for " + message.get(PropTag.PR_SUBJECT)),
                            List.of(
                                new Preprocessor.NewRecipient(
                                    RecipientType.TO, "Archive", "SMTP", "archive@example.com")))));
              }
            },
            0);
    f.submitTo("alice", "original", "bob@example.com");
    Spooler s = f.spooler("node-1", smtp);
    s.runOnce();
    s.runOnce();
    assertEquals(List.of("original", "cover sheet for original"), smtp.subjects);
    assertEquals(List.of("bob@example.com", "archive@example.com"), smtp.offeredAddresses());
    assertEquals(
        1,
        f.counters.count(SpoolerEvent.Kind.GENERATED),
        "generated once: extra messages are not preprocessed again");
    assertTrue(queue().isEmpty());
  }

  @Test
  void
      R63_a_transport_with_a_critical_error_gets_no_further_calls_and_its_recipients_wait_or_move_on() {
    FakeTransport onlyCritical = new FakeTransport("x400", Set.of("X400"));
    onlyCritical.toThrow = new org.msgstore.spi.CriticalTransportException("gateway gone");
    f.store.submitSupport().setClaimedAddressTypes(Set.of("SMTP", "X400"), false);
    f.submit(
        "alice",
        "to the gateway",
        m -> m.addRecipient(RecipientType.TO, "Old", "X400", "c=de;o=x"));
    Spooler s = f.spooler("node-1", onlyCritical, smtp);
    s.runOnce();
    assertEquals(1, f.counters.count(SpoolerEvent.Kind.TRANSPORT_OUT_OF_SERVICE));
    assertEquals(1, queue().size(), "its recipient waits for a retry, no NDR");
    assertTrue(inbox("alice").isEmpty());
    clock.advance(Duration.ofHours(1));
    s.runOnce();
    assertEquals(1, onlyCritical.offers.size(), "never called again");
    assertEquals(1, queue().size(), "still waiting");
  }

  /**
   * The lease is measured by the store's clock, as its lapse is: the round waits for the hung
   * delivery until the clock passes a lease after the last hand-off, and a wake-up makes it look.
   */
  @Test
  void a_hanging_transport_does_not_stop_the_loop_beyond_a_lease_and_other_messages_go_out()
      throws Exception {
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    FakeTransport hangs = new FakeTransport("smtp", Set.of("SMTP"));
    hangs.verdict =
        (m, r) -> {
          if (r.address().startsWith("hang")) {
            FakeTransport.hold(release, 30);
          }
          return DeliveryResult.delivered(r.rowId());
        };
    f.submitTo("alice", "hangs", "hang@example.com");
    f.submitTo("alice", "fine 1", "one@example.com");
    f.submitTo("alice", "fine 2", "two@example.com");
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(2);
    Spooler s = f.pooled("node-1", pool, 2, hangs);
    s.addListener(f.counters);
    java.util.concurrent.CountDownLatch fineOnesFinished =
        new java.util.concurrent.CountDownLatch(2);
    s.addListener(
        e -> {
          if (e.kind() == SpoolerEvent.Kind.FINISHED) {
            fineOnesFinished.countDown();
          }
        });
    Thread round = new Thread(s::runOnce, "round-under-test");
    try {
      round.start();
      assertTrue(
          fineOnesFinished.await(10, java.util.concurrent.TimeUnit.SECONDS),
          "the other messages went out while the first hung");
      clock.advance(SpoolerFixture.LEASE.plusSeconds(1));
      s.wakeUp();
      round.join(10_000);
      assertFalse(
          round.isAlive(), "the round ended after a lease, not when the transport returned");
      assertEquals(1, release.getCount(), "the transport still hangs");
      assertTrue(f.counters.count(SpoolerEvent.Kind.UNEXPECTED_ERROR) >= 1, "the hang is reported");
      assertTrue(
          hangs.offeredAddresses().containsAll(List.of("one@example.com", "two@example.com")));
    } finally {
      release.countDown();
      round.join(10_000);
      pool.shutdown();
      assertTrue(pool.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS));
      s.close();
    }
  }

  @Test
  void the_loop_keeps_every_free_delivery_thread_busy_while_a_slow_message_holds_another()
      throws Exception {
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch othersDone = new java.util.concurrent.CountDownLatch(12);
    smtp.verdict =
        (m, r) -> {
          if (r.address().startsWith("slow")) {
            FakeTransport.hold(release, 60);
          }
          return DeliveryResult.delivered(r.rowId());
        };
    f.submitTo("alice", "slow", "slow@example.com"); // the oldest: first in the first claim
    for (int i = 0; i < 12; i++) {
      f.submitTo("alice", "m" + i, "bob" + i + "@example.com");
    }
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(2);
    Spooler s = f.pooled("node-1", pool, 2, smtp);
    java.util.concurrent.atomic.AtomicInteger finished =
        new java.util.concurrent.atomic.AtomicInteger();
    s.addListener(
        e -> {
          if (e.kind() == SpoolerEvent.Kind.FINISHED) {
            finished.incrementAndGet();
            othersDone.countDown();
          }
        });
    Thread loop = new Thread(s::run, "spooler-under-test");
    loop.start();
    try {
      // With rounds that wait for their slowest message, the three messages beyond the first
      // claim of ten would wait for the slow one, here held for a minute.
      assertTrue(
          othersDone.await(30, java.util.concurrent.TimeUnit.SECONDS),
          "the other 12 finished while the slow one was still out");
      assertEquals(1, queue().size(), "only the slow message is left");
    } finally {
      release.countDown();
      s.stop();
      loop.join(10_000);
      pool.shutdown();
      assertTrue(pool.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS));
      s.close();
    }
    assertFalse(loop.isAlive(), "the loop ended");
    assertEquals(
        13, finished.get(), "the slow one finished too once released, before the loop ended");
    assertEquals(0, queue().size());
  }

  @Test
  void R66_after_stop_no_transport_is_called_again_and_the_send_in_progress_finishes()
      throws Exception {
    java.util.concurrent.CountDownLatch inProgress = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    smtp.verdict =
        (m, r) -> {
          inProgress.countDown();
          FakeTransport.hold(release, 10);
          return DeliveryResult.delivered(r.rowId());
        };
    for (int i = 0; i < 5; i++) {
      f.submitTo("alice", "m" + i, "bob" + i + "@example.com");
    }
    Spooler s = f.spooler("node-1", smtp);
    Thread loop = new Thread(s::run, "spooler-under-test");
    loop.start();
    assertTrue(inProgress.await(10, java.util.concurrent.TimeUnit.SECONDS));
    s.stop();
    release.countDown();
    loop.join(10_000);
    assertFalse(loop.isAlive(), "the loop ended");
    assertEquals(1, smtp.offers.size(), "no transport call after stop began");
    assertEquals(1, f.counters.count(SpoolerEvent.Kind.FINISHED), "the send in progress finished");
    assertEquals(4, queue().size());
    assertTrue(
        queue().stream().allMatch(r -> r.get(PropTag.PR_SUBMIT_FLAGS) == 0), "nothing left locked");
  }

  @Test
  void R61_a_transport_gets_a_read_only_view_naming_the_senders_mailbox() {
    f.submitTo("alice", "look, don't touch", "bob@example.com");
    List<Object> seen = new ArrayList<>();
    smtp.verdict =
        (m, r) -> {
          seen.add(m instanceof PreprocessableMessage);
          seen.add(m.mailbox());
          return DeliveryResult.delivered(r.rowId());
        };
    f.spooler("node-1", smtp).runOnce();
    assertEquals(List.of(false, "alice"), seen);
  }

  @Test
  void a_queued_message_is_delivered_filed_in_sent_items_and_leaves_the_queue() {
    byte[] sent = f.client("alice").getStoreProperty(PropTag.PR_IPM_SENTMAIL_ENTRYID);
    f.submit(
        "alice",
        "hello",
        m -> {
          m.addRecipient(RecipientType.TO, "Bob", "SMTP", "bob@example.com");
          m.set(PropTag.PR_SENTMAIL_ENTRYID, sent);
        });
    Spooler s = f.spooler("node-1", smtp);
    assertEquals(1, s.runOnce());
    assertEquals(List.of("bob@example.com"), smtp.offeredAddresses());
    assertTrue(queue().isEmpty());
    List<Row> sentItems = f.client("alice").openFolder(FolderKind.SENT_ITEMS).getContentsTable();
    assertEquals(1, sentItems.size());
    assertEquals(
        MessageFlags.MSGFLAG_READ,
        sentItems.get(0).get(PropTag.PR_MESSAGE_FLAGS)
            & (MessageFlags.MSGFLAG_READ
                | MessageFlags.MSGFLAG_SUBMIT
                | MessageFlags.MSGFLAG_UNSENT));
    assertEquals(1, f.counters.count(SpoolerEvent.Kind.DELIVERED));
    assertEquals(1, f.counters.count(SpoolerEvent.Kind.FINISHED));
    assertEquals(0, s.runOnce(), "nothing left");
  }

  @Test
  void R52_a_deferred_recipient_is_retried_alone_and_a_delivered_one_is_never_offered_again() {
    f.submitTo("alice", "partial", "ok@example.com", "later@example.com");
    smtp.verdict =
        (m, r) ->
            r.address().startsWith("later")
                ? DeliveryResult.deferred(r.rowId(), "451 try later")
                : DeliveryResult.delivered(r.rowId());
    Spooler s = f.spooler("node-1", smtp);
    s.runOnce();
    assertEquals(1, queue().size(), "still queued for the deferred recipient");
    var item = s.queueItems(10).get(0);
    assertEquals("DEFERRED", item.state());
    assertEquals(1, item.attempts());
    assertEquals(T0.plus(Duration.ofMinutes(5)), item.nextAttempt());
    assertTrue(item.lastError().contains("451 try later"), item.lastError());
    assertEquals(0, s.runOnce(), "not due before the back-off");
    clock.advance(Duration.ofMinutes(5));
    smtp.verdict = (m, r) -> DeliveryResult.delivered(r.rowId());
    assertEquals(1, s.runOnce());
    assertEquals(
        List.of("ok@example.com", "later@example.com", "later@example.com"),
        smtp.offeredAddresses());
    assertTrue(queue().isEmpty());
  }

  @Test
  void R53_R54_a_declined_recipient_goes_to_the_next_transport_that_claims_its_type() {
    FakeTransport first =
        new FakeTransport("first", Set.of("smtp")); // types compare case-insensitively (Q12)
    first.verdict = (m, r) -> DeliveryResult.declined(r.rowId());
    FakeTransport second = new FakeTransport("second", Set.of("SMTP"));
    f.submitTo("alice", "hop", "bob@example.com");
    f.spooler("node-1", first, second).runOnce();
    assertEquals(List.of("bob@example.com"), first.offeredAddresses());
    assertEquals(List.of("bob@example.com"), second.offeredAddresses());
    assertTrue(queue().isEmpty());
    assertTrue(inbox("alice").isEmpty(), "delivered: no report");
  }

  @Test
  void
      R55_R56_R58_R78_a_failed_recipient_gets_one_NDR_row_with_codes_in_the_senders_inbox_with_the_original_attached()
          throws Exception {
    List<NewMailEvent> newMail = new ArrayList<>();
    f.store.addNewMailListener("alice", newMail::add);
    f.submitTo("alice", "Order 4711", "gone@example.com", "ok@example.com");
    smtp.verdict =
        (m, r) ->
            r.address().startsWith("gone")
                ? DeliveryResult.failed(r.rowId(), "550 5.1.1 user unknown", 1, 35)
                : DeliveryResult.delivered(r.rowId());
    f.spooler("node-1", smtp).runOnce();

    List<Row> inbox = inbox("alice");
    assertEquals(1, inbox.size());
    assertEquals("Report.IPM.Note.NDR", inbox.get(0).get(PropTag.PR_MESSAGE_CLASS));
    MailboxSession alice = f.client("alice");
    try (Message ndr = alice.openEntry(inbox.get(0).entryId())) {
      assertEquals("Order 4711", ndr.get(PropTag.PR_ORIGINAL_SUBJECT));
      List<Recipient> rows = ndr.getRecipients();
      assertEquals(
          1, rows.size(), "exactly one entry for the failed recipient, none for the delivered one");
      assertEquals("gone@example.com", rows.get(0).address());
      assertEquals(1, rows.get(0).get(PropTag.PR_NDR_REASON_CODE));
      assertEquals(35, rows.get(0).get(PropTag.PR_NDR_DIAG_CODE));
      assertEquals("550 5.1.1 user unknown", rows.get(0).get(PropTag.PR_REPORT_TEXT));
      assertEquals("message/rfc822", ndr.getAttachments().get(0).mimeType());
      try (InputStream in = ndr.getAttachments().get(0).openStream()) {
        assertTrue(
            new String(in.readAllBytes(), StandardCharsets.UTF_8).contains("Subject: Order 4711"));
      }
    }
    assertEquals(1, newMail.size(), "R78: the NDR raised new mail");
    assertEquals(inbox.get(0).entryId(), newMail.get(0).entryId());
    assertEquals(1, f.counters.count(SpoolerEvent.Kind.FAILED));
    assertEquals(1, f.counters.count(SpoolerEvent.Kind.NDR_WRITTEN));
  }

  @Test
  void R58_an_NDR_goes_to_PR_REPORT_ENTRYID_and_none_is_written_when_the_sender_turned_them_off() {
    byte[] drafts = f.client("alice").openFolder(FolderKind.DRAFTS).entryId().toBytes();
    smtp.verdict = (m, r) -> DeliveryResult.failed(r.rowId(), "550 no", 1, 35);
    f.submit(
        "alice",
        "report elsewhere",
        m -> {
          m.addRecipient(RecipientType.TO, "x", "SMTP", "x@example.com");
          m.set(PropTag.PR_REPORT_ENTRYID, drafts);
        });
    f.submit(
        "alice",
        "no reports",
        m -> {
          m.addRecipient(RecipientType.TO, "y", "SMTP", "y@example.com");
          m.set(PropTag.PR_ORIGINATOR_NON_DELIVERY_REPORT_REQUESTED, false);
        });
    f.spooler("node-1", smtp).runOnce();
    assertTrue(inbox("alice").isEmpty());
    List<Row> draftRows = f.client("alice").openFolder(FolderKind.DRAFTS).getContentsTable();
    assertEquals(1, draftRows.size());
    assertEquals("Undeliverable: report elsewhere", draftRows.get(0).get(PropTag.PR_SUBJECT));
    assertTrue(queue().isEmpty());
  }

  @Test
  void R57_a_delivery_report_lists_the_delivered_recipients_when_requested() {
    f.submit(
        "alice",
        "receipt",
        m -> {
          m.addRecipient(RecipientType.TO, "Bob", "SMTP", "bob@example.com");
          m.set(PropTag.PR_ORIGINATOR_DELIVERY_REPORT_REQUESTED, true);
        });
    f.submitTo("alice", "no receipt", "carol@example.com");
    f.spooler("node-1", smtp).runOnce();
    List<Row> inbox = inbox("alice");
    assertEquals(1, inbox.size());
    assertEquals("Report.IPM.Note.DR", inbox.get(0).get(PropTag.PR_MESSAGE_CLASS));
    try (Message dr = f.client("alice").openEntry(inbox.get(0).entryId())) {
      assertEquals("bob@example.com", dr.getRecipients().get(0).address());
      assertEquals(T0, dr.getRecipients().get(0).get(PropTag.PR_DELIVER_TIME));
      assertTrue(dr.getAttachments().isEmpty(), "a DR carries no copy");
    }
    assertEquals(1, f.counters.count(SpoolerEvent.Kind.DR_WRITTEN));
  }

  @Test
  void R55_a_recipient_no_transport_of_the_spooler_claims_gets_an_NDR() {
    f.store.submitSupport().setClaimedAddressTypes(Set.of("SMTP", "FAX"), false);
    f.submit("alice", "fax", m -> m.addRecipient(RecipientType.TO, "Office", "FAX", "+49 30 1"));
    f.spooler("node-1", smtp).runOnce();
    assertTrue(smtp.offers.isEmpty());
    assertEquals("Report.IPM.Note.NDR", inbox("alice").get(0).get(PropTag.PR_MESSAGE_CLASS));
  }

  @Test
  void R60_a_transport_asking_for_N_seconds_is_not_called_again_before_then() {
    f.submitTo("alice", "wait", "bob@example.com");
    smtp.verdict = (m, r) -> DeliveryResult.deferred(r.rowId(), "busy", Duration.ofHours(1));
    Spooler s = f.spooler("node-1", smtp);
    s.runOnce();
    clock.advance(Duration.ofMinutes(59));
    assertEquals(0, s.runOnce());
    clock.advance(Duration.ofMinutes(1));
    assertEquals(1, s.runOnce());
    assertEquals(2, smtp.offers.size());
  }

  @Test
  void
      R67_after_the_queue_lifetime_the_remaining_recipients_get_an_NDR_with_MAXIMUM_TIME_EXPIRED() {
    f.submitTo("alice", "never", "bob@example.com");
    smtp.verdict = (m, r) -> DeliveryResult.deferred(r.rowId(), "451 greylisted");
    Spooler s = f.spooler("node-1", smtp);
    for (int i = 0; i < 200 && !queue().isEmpty(); i++) {
      s.runOnce();
      clock.advance(Duration.ofMinutes(67));
    }
    assertTrue(queue().isEmpty(), "finished after the lifetime");
    assertTrue(
        clock.instant().isAfter(T0.plus(Duration.ofDays(4))),
        "not before the lifetime: " + clock.instant());
    try (Message ndr = f.client("alice").openEntry(inbox("alice").get(0).entryId())) {
      assertEquals(
          Spooler.MAPI_DIAG_MAXIMUM_TIME_EXPIRED,
          ndr.getRecipients().get(0).get(PropTag.PR_NDR_DIAG_CODE));
      assertTrue(ndr.getRecipients().get(0).get(PropTag.PR_REPORT_TEXT).contains("451 greylisted"));
    }
  }

  @Test
  void a_deferred_message_never_blocks_the_messages_behind_it() {
    f.submitTo("alice", "stuck", "stuck@example.com");
    f.submitTo("alice", "fine", "fine@example.com");
    smtp.verdict =
        (m, r) ->
            r.address().startsWith("stuck")
                ? DeliveryResult.deferred(r.rowId(), "451")
                : DeliveryResult.delivered(r.rowId());
    f.spooler("node-1", smtp).runOnce();
    assertEquals(List.of("stuck", "fine"), smtp.subjects);
    assertEquals(1, queue().size());
  }

  @Test
  void a_transport_that_throws_or_answers_nonsense_defers_and_the_spooler_goes_on() {
    f.submitTo("alice", "boom", "bob@example.com");
    smtp.toThrow = new IllegalStateException("transport bug");
    Spooler s = f.spooler("node-1", smtp);
    assertEquals(1, s.runOnce());
    assertEquals(1, queue().size());
    assertTrue(f.counters.lastError().contains("transport bug"));
    smtp.toThrow = null;
    smtp.verdict = (m, r) -> null; // no verdict at all
    clock.advance(Duration.ofMinutes(5));
    assertEquals(1, s.runOnce());
    assertEquals(1, queue().size(), "no verdict means try again, never 'delivered'");
    smtp.verdict = (m, r) -> DeliveryResult.delivered(r.rowId());
    clock.advance(Duration.ofMinutes(10));
    s.runOnce();
    assertTrue(queue().isEmpty());
  }

  @Test
  void
      R45_R46_R47_R50_R51_preprocessors_run_locked_in_order_for_their_types_before_any_transport() {
    f.store.submitSupport().setClaimedAddressTypes(Set.of("SMTP", "FAX"), false);
    List<String> calls = new ArrayList<>();
    f.store.submitSupport().registerPreprocessor(recording("fax-1", Set.of("FAX"), calls, -1), 0);
    f.store.submitSupport().registerPreprocessor(recording("all", Set.of(), calls, 1), 0);
    f.store.submitSupport().registerPreprocessor(recording("x400", Set.of("X400"), calls, -1), 0);
    f.submit(
        "alice",
        "with fax",
        m -> {
          m.addRecipient(RecipientType.TO, "Office", "FAX", "+49 30 1");
          m.addRecipient(RecipientType.TO, "Bob", "SMTP", "bob@example.com");
        });
    FakeTransport fax = new FakeTransport("fax", Set.of("FAX"));
    f.spooler("node-1", smtp, fax).runOnce();
    assertEquals(
        List.of("fax-1 locked=1", "all locked=1", "remove fax-1", "remove all", "remove x400"),
        calls);
    assertTrue(
        fax.offers.isEmpty(), "R50: the recipient the preprocessor refused is never offered");
    assertEquals(List.of("bob@example.com"), smtp.offeredAddresses());
    assertEquals(
        "preprocessed by all",
        smtp.subjects.get(0).substring(0, 19),
        "the transport saw the rewritten message");
    assertEquals("Report.IPM.Note.NDR", inbox("alice").get(0).get(PropTag.PR_MESSAGE_CLASS));
  }

  private static Preprocessor recording(
      String name, Set<String> types, List<String> calls, int refuseRowId) {
    return new Preprocessor() {
      @Override
      public Set<String> addressTypes() {
        return types;
      }

      @Override
      public PreprocessResult preprocess(PreprocessableMessage message) {
        calls.add(name + " locked=" + (message.get(PropTag.PR_SUBMIT_FLAGS) & 1));
        message.set(
            PropTag.PR_SUBJECT, "preprocessed by " + name + ": " + message.get(PropTag.PR_SUBJECT));
        return refuseRowId < 0
            ? PreprocessResult.unchanged()
            : new PreprocessResult(List.of(0), List.of("no fax line"));
      }

      @Override
      public void removePreprocessInfo(PreprocessableMessage message) {
        calls.add("remove " + name);
      }
    };
  }

  @Test
  void
      R73_a_crash_between_recording_the_delivery_and_finishing_ends_with_one_sent_items_copy_and_no_resend() {
    byte[] sent = f.client("alice").getStoreProperty(PropTag.PR_IPM_SENTMAIL_ENTRYID);
    EntryId id =
        f.submit(
            "alice",
            "crash",
            m -> {
              m.addRecipient(RecipientType.TO, "Bob", "SMTP", "bob@example.com");
              m.set(PropTag.PR_SENTMAIL_ENTRYID, sent);
            });
    // Node 1 claims, delivers, records the verdict ... and dies before finishedMsg.
    var node1 = f.spoolerSession("node-1");
    assertEquals(List.of(id), node1.claim(10));
    node1.recordOutcomes(
        id, List.of(new org.msgstore.store.RecipientOutcome.Delivered(0, "smtp", T0)));
    f.crashAndReopen();
    clock.advance(SpoolerFixture.LEASE.plusSeconds(1));

    assertEquals(1, f.spooler("node-2", smtp).runOnce());
    assertTrue(smtp.offers.isEmpty(), "bob is TRUE: never offered again");
    assertEquals(1, f.client("alice").openFolder(FolderKind.SENT_ITEMS).getContentsTable().size());
    assertTrue(queue().isEmpty());
  }

  @Test
  void stop_releases_every_lock_this_node_holds() {
    EntryId id = f.submitTo("alice", "held", "bob@example.com");
    var held = f.spoolerSession("node-1");
    held.claim(10);
    Spooler s = f.spooler("node-1", smtp);
    assertEquals(1, s.releaseLocks());
    assertEquals(0, queue().get(0).get(PropTag.PR_SUBMIT_FLAGS));
    assertNotNull(f.client("alice").openEntry(id), "a client can open it again");
    assertFalse(s.stopping());
  }
}
