package org.msgstore.spooler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.msgstore.EntryId;
import org.msgstore.Message;
import org.msgstore.Recipient;
import org.msgstore.Row;
import org.msgstore.store.SettableClock;
import org.msgstore.store.SpoolerSession;

/**
 * A delivery thread's run of several claimed messages: each is sent on its own, and their plain
 * finishes commit together. A message whose lease was lost meanwhile must not take the others'
 * finish down with it, and must not be finished by the node that lost it.
 */
class DeliveryRunTest {
  private static final Instant T0 = Instant.parse("2026-11-24T09:00:00Z");
  @TempDir Path dir;
  private final SettableClock clock = new SettableClock(T0);
  @AutoClose private SpoolerFixture f;
  private final List<SpoolerEvent> events = new ArrayList<>();
  private MessageDelivery delivery;

  @BeforeEach
  void open() {
    f = new SpoolerFixture(dir, clock);
  }

  @Test
  void the_plain_finishes_of_a_run_commit_together_and_every_message_leaves_the_queue() {
    List<EntryId> ids = List.of(submit("one"), submit("two"), submit("three"));
    SpoolerSession node1 = f.spoolerSession("node-1");
    List<MessageDelivery.PendingFinish> pending = sendAll(node1, ids);
    assertEquals(3, node1.queueDepth(), "nothing is finished before the run's commit");
    delivery.finishTogether(pending);
    assertEquals(0, node1.queueDepth());
    assertEquals(ids, eventsOf(SpoolerEvent.Kind.FINISHED));
    for (EntryId id : ids) {
      try (Message m = f.client("alice").openEntry(id)) {
        assertTrue(
            m.getRecipients().stream().allMatch(Recipient::responsibility),
            "filed with every recipient's delivery recorded");
      }
    }
  }

  @Test
  void a_message_whose_lease_another_node_took_is_left_to_it_and_the_rest_of_the_run_is_finished() {
    List<EntryId> ids = List.of(submit("one"), submit("two"), submit("three"));
    SpoolerSession node1 = f.spoolerSession("node-1");
    List<MessageDelivery.PendingFinish> pending = sendAll(node1, ids);
    // The run took longer than a lease: node-1 renewed "one" and "three" in time, "two" lapsed and
    // node-2 took it.
    clock.advance(SpoolerFixture.LEASE.minusSeconds(30));
    assertTrue(node1.renewLease(ids.get(0)));
    assertTrue(node1.renewLease(ids.get(2)));
    clock.advance(Duration.ofSeconds(31));
    assertEquals(List.of(ids.get(1)), f.spoolerSession("node-2").claim(3));

    delivery.finishTogether(pending);

    assertEquals(List.of(ids.get(0), ids.get(2)), eventsOf(SpoolerEvent.Kind.FINISHED));
    assertEquals(List.of(ids.get(1)), eventsOf(SpoolerEvent.Kind.LEASE_LOST));
    List<Row> queue = node1.getOutgoingQueue(0);
    assertEquals(1, queue.size(), "only the message node-2 holds is still queued");
    assertEquals(ids.get(1), queue.get(0).entryId());
    assertEquals(
        List.of(),
        eventsOf(SpoolerEvent.Kind.UNEXPECTED_ERROR),
        "a lost lease is not a failure of the message");
  }

  /**
   * The spooler's own loop with a backlog: its one delivery thread sends the whole claim of 10 as
   * one run, so no message is recorded as finished until the run's last send, and then all are.
   */
  @Test
  void with_a_backlog_the_loop_sends_a_run_of_messages_before_recording_any_of_them()
      throws Exception {
    FakeTransport smtp = new FakeTransport("smtp", java.util.Set.of("SMTP"));
    List<Long> finishedAtEachSend = java.util.Collections.synchronizedList(new ArrayList<>());
    Spooler s = f.spooler("node-1", smtp); // 1 delivery thread, claims of 10: runs of up to 10
    smtp.verdict =
        (m, r) -> {
          finishedAtEachSend.add(f.counters.count(SpoolerEvent.Kind.FINISHED));
          return org.msgstore.spi.DeliveryResult.delivered(r.rowId());
        };
    java.util.concurrent.CountDownLatch allFinished = new java.util.concurrent.CountDownLatch(10);
    s.addListener(
        e -> {
          if (e.kind() == SpoolerEvent.Kind.FINISHED) {
            allFinished.countDown();
          }
        });
    for (int i = 0; i < 10; i++) {
      f.submitTo("alice", "m" + i, "bob" + i + "@example.com");
    }
    Thread loop = new Thread(s::run, "spooler-under-test");
    loop.start();
    try {
      assertTrue(allFinished.await(30, java.util.concurrent.TimeUnit.SECONDS), "all 10 delivered");
    } finally {
      s.stop();
      loop.join(10_000);
      s.close();
    }
    assertEquals(10, f.counters.count(SpoolerEvent.Kind.FINISHED));
    assertEquals(
        java.util.Collections.nCopies(10, 0L),
        finishedAtEachSend,
        "every send of the run came before its common commit");
    assertEquals(0, f.spoolerSession("observer").queueDepth());
  }

  /**
   * node-1 claims {@code ids} and sends each on one delivery thread, as a run does; nothing is
   * recorded yet.
   */
  private List<MessageDelivery.PendingFinish> sendAll(SpoolerSession node1, List<EntryId> ids) {
    assertEquals(ids, node1.claim(ids.size()));
    delivery = delivery("node-1");
    List<MessageDelivery.PendingFinish> pending = new ArrayList<>();
    for (EntryId id : ids) {
      pending.add(assertPending(delivery.attempt(id)));
    }
    return pending;
  }

  private static MessageDelivery.PendingFinish assertPending(MessageDelivery.PendingFinish p) {
    assertNotNull(p, "every recipient accepted: only the plain finish is left");
    return p;
  }

  private EntryId submit(String subject) {
    return f.submitTo("alice", subject, "bob@example.com", "carol@example.com");
  }

  private MessageDelivery delivery(String owner) {
    return f.delivery(
        f.connection(),
        owner,
        new FakeTransport("smtp", java.util.Set.of("SMTP")),
        (kind, id, detail) -> events.add(new SpoolerEvent(kind, id, detail)));
  }

  private List<EntryId> eventsOf(SpoolerEvent.Kind kind) {
    return events.stream().filter(e -> e.kind() == kind).map(SpoolerEvent::entryId).toList();
  }
}
