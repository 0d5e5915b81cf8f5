package org.msgstore.spooler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.msgstore.EntryId;
import org.msgstore.MapiException;
import org.msgstore.spi.DeliveryResult;
import org.msgstore.store.SettableClock;
import org.msgstore.store.SpoolerSession;

/**
 * The releases a node owes after its store stopped answering in the middle of a delivery ({@link
 * OwedReleases}): the delivery's end and then its release fail, the message stays locked under the
 * node's name, and the release is written once the store answers again, only while the node's own
 * lease on the message holds. The store "goes away" for the spooler's connections here by refusing
 * every new connection, as a database that is down does.
 */
class OwedReleasesTest {
  private static final Instant T0 = Instant.parse("2026-12-06T02:00:00Z");

  @TempDir Path dir;
  private final SettableClock clock = new SettableClock(T0);
  @AutoClose private SpoolerFixture f;

  /** Whether the spooler's store connections are refused, as while the database is down. */
  private volatile boolean away;

  /** Whether a commit goes through but its answer is lost, as when the database dies then. */
  private volatile boolean commitUnconfirmed;

  private SpoolerSession loop;
  private OwedReleases owed;
  private EntryId id;

  @BeforeEach
  void claimOneMessage() {
    f = new SpoolerFixture(dir, clock);
    id = f.submitTo("alice", "order 4711", "bob@example.com");
    loop = f.store.spoolerSession(connection(), "node-1", SpoolerFixture.LEASE);
    owed = new OwedReleases(clock, SpoolerFixture.LEASE, "node-1");
    assertEquals(List.of(id), loop.claim(1));
  }

  @Test
  void a_message_whose_release_failed_while_the_store_was_away_is_released_once_it_answers() {
    deliverWhileTheStoreGoesAway();
    assertEquals(1, owed.count(), "its release is owed");
    assertEquals(0, owed.pay(loop), "nothing written while the store is still away");
    assertEquals(1, owed.count(), "still owed");

    away = false;
    clock.advance(Duration.ofSeconds(30)); // the lease (2 minutes) still holds
    assertEquals("node-1", item().lockedBy(), "locked until the release is paid");
    assertEquals(1, owed.pay(loop));
    assertEquals(0, owed.count());
    SpoolerSession.QueueItem released = item();
    assertNull(released.lockedBy(), "released");
    assertEquals(1, released.attempts(), "the failed attempt counts");
    assertEquals(T0, released.nextAttempt(), "due again from the failure: the store failed");
    assertTrue(
        released.lastError().contains("cannot reach the store database"), released.lastError());
    assertEquals(
        List.of(id),
        f.spoolerSession("node-2").claim(1),
        "claimable at once, not when the lease lapses");
  }

  @Test
  void a_release_owed_is_not_written_after_the_lease_lapsed_and_another_node_claimed_it() {
    deliverWhileTheStoreGoesAway();
    away = false;
    clock.advance(SpoolerFixture.LEASE.plusSeconds(1));
    assertEquals(List.of(id), f.spoolerSession("node-2").claim(1), "the lapsed lease is taken");

    assertEquals(0, owed.pay(loop));
    assertEquals(0, owed.count(), "given up: the lease decided");
    assertEquals("node-2", item().lockedBy(), "left to its new holder");
  }

  @Test
  void a_release_owed_is_refused_by_the_store_when_the_message_is_not_this_nodes() {
    // What only the store can know: here the node's note says its lease holds, but the message is
    // another node's (the release statement is conditional on this node's lease).
    loop.release(id, T0, "released for the test");
    assertEquals(List.of(id), f.spoolerSession("node-2").claim(1));
    assertTrue(owed.owe(id, clock.instant(), T0, "a late release"));

    assertEquals(0, owed.pay(loop));
    assertEquals(0, owed.count(), "dropped");
    SpoolerSession.QueueItem item = item();
    assertEquals("node-2", item.lockedBy(), "still node-2's");
    assertEquals("released for the test", item.lastError(), "not overwritten");
  }

  @Test
  void a_message_finished_meanwhile_is_dropped_from_the_releases_owed() {
    assertTrue(owed.owe(id, clock.instant(), T0, "a late release"));
    MessageDelivery d = delivery(new FakeTransport("smtp", Set.of("SMTP")));
    d.finishTogether(List.of(d.attempt(id, T0)));
    assertEquals(0, f.spoolerSession("observer").queueDepth(), "finished");

    assertEquals(0, owed.pay(loop));
    assertEquals(0, owed.count());
  }

  @Test
  void a_message_whose_lease_cannot_be_renewed_while_the_store_is_away_is_not_sent_but_owed() {
    FakeTransport smtp = new FakeTransport("smtp", Set.of("SMTP"));
    SpoolerConnection c = connection();
    SpoolerSession s = f.store.spoolerSession(c, "node-1", SpoolerFixture.LEASE);
    DeliveryThreads.Worker w = new DeliveryThreads.Worker(c, s, delivery(smtp, c, s));
    clock.advance(Duration.ofMinutes(1).plusSeconds(1)); // past half the lease: renewed first
    away = true;
    new DeliveryRuns(clock, SpoolerFixture.LEASE, () -> false, (kind, entryId, detail) -> {})
        .of(w, new Claimed(id, T0), new ArrayDeque<>(), 1)
        .run();
    assertTrue(smtp.offers.isEmpty(), "not sent: whether node-1 still holds it is unknown");
    assertEquals(1, owed.count());

    away = false;
    assertEquals(1, owed.pay(loop));
    assertNull(item().lockedBy());
  }

  @Test
  void the_locks_of_a_claim_whose_commit_the_store_did_not_confirm_are_released_once_it_answers() {
    EntryId second = f.submitTo("alice", "order 4712", "carol@example.com");
    clock.advance(Duration.ofSeconds(1)); // a claim of its own moment: its leases end apart
    SpoolerSession claiming = f.store.spoolerSession(connection(), "node-1", SpoolerFixture.LEASE);
    commitUnconfirmed = true;
    assertThrows(MapiException.class, () -> claiming.claim(5));
    commitUnconfirmed = false;
    assertEquals("node-1", itemOf(second).lockedBy(), "the claim did commit");
    assertTrue(claiming.hasUnconfirmedClaims());

    assertEquals(1, owed.pay(claiming));
    assertNull(itemOf(second).lockedBy(), "released");
    assertEquals("node-1", itemOf(id).lockedBy(), "the earlier claim's lock is left alone");
    assertFalse(claiming.hasUnconfirmedClaims());
    assertEquals(0, owed.pay(claiming), "released once");
  }

  @Test
  void an_unconfirmed_claim_whose_lease_lapsed_and_another_node_took_is_left_alone() {
    EntryId second = f.submitTo("alice", "order 4712", "carol@example.com");
    clock.advance(Duration.ofSeconds(1));
    SpoolerSession claiming = f.store.spoolerSession(connection(), "node-1", SpoolerFixture.LEASE);
    commitUnconfirmed = true;
    assertThrows(MapiException.class, () -> claiming.claim(5));
    commitUnconfirmed = false;
    clock.advance(SpoolerFixture.LEASE.plusSeconds(1));
    assertTrue(f.spoolerSession("node-2").claim(5).contains(second));

    assertEquals(0, owed.pay(claiming));
    assertEquals("node-2", itemOf(second).lockedBy());
    assertFalse(claiming.hasUnconfirmedClaims(), "given up");
  }

  @Test
  void releases_owed_are_capped_and_the_rest_waits_for_its_lease() {
    OwedReleases two = new OwedReleases(clock, SpoolerFixture.LEASE, "node-1", 2);
    EntryId a = EntryId.of(new byte[] {1});
    EntryId b = EntryId.of(new byte[] {2});
    assertTrue(two.owe(a, T0, T0, "x"));
    assertTrue(two.owe(b, T0, T0, "x"));
    assertFalse(two.owe(id, T0, T0, "x"), "past the cap");
    assertTrue(two.owe(a, T0, T0, "again"), "a message owed already takes no more room");
    assertEquals(2, two.count());
  }

  @Test
  void a_release_is_not_owed_when_the_lease_may_have_lapsed_already() {
    clock.advance(SpoolerFixture.LEASE);
    assertFalse(owed.owe(id, T0, T0, "x"));
    assertEquals(0, owed.count());
  }

  /**
   * A delivery thread of node-1 delivers the claimed message; the store goes away while the
   * transport sends it, so neither its finish nor its release can be written.
   */
  private void deliverWhileTheStoreGoesAway() {
    FakeTransport smtp = new FakeTransport("smtp", Set.of("SMTP"));
    smtp.verdict =
        (m, r) -> {
          away = true;
          return DeliveryResult.delivered(r.rowId());
        };
    MessageDelivery d = delivery(smtp);
    MessageDelivery.PendingFinish sent = d.attempt(id, T0);
    assertTrue(sent != null, "sent, its finish pending");
    d.finishTogether(List.of(sent));
    assertTrue(away);
  }

  private MessageDelivery delivery(FakeTransport transport) {
    SpoolerConnection c = connection();
    return delivery(transport, c, f.store.spoolerSession(c, "node-1", SpoolerFixture.LEASE));
  }

  private MessageDelivery delivery(
      FakeTransport transport, SpoolerConnection c, SpoolerSession session) {
    return new MessageDelivery(
        f.store,
        c,
        session,
        new TransportChain(List.of(transport)),
        new RetryPolicy(Duration.ofMinutes(5), Duration.ofMinutes(67), Duration.ofDays(5)),
        (kind, entryId, detail) -> {},
        due -> {},
        owed);
  }

  /**
   * A connection per store call, refused while {@link #away}; while {@link #commitUnconfirmed} its
   * commits go through and then fail, as when the connection dies before the answer.
   */
  private SpoolerConnection connection() {
    return f.closedWithFixture(
        new SpoolerConnection(
            () -> {
              if (away) {
                throw new SQLException("Connection refused", "08001");
              }
              return unconfirmedCommits(f.store.openConnection());
            },
            false));
  }

  private Connection unconfirmedCommits(Connection real) {
    return (Connection)
        Proxy.newProxyInstance(
            Connection.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, args) -> {
              Object result;
              try {
                result = method.invoke(real, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
              if (method.getName().equals("commit") && commitUnconfirmed) {
                throw new SQLException(
                    "An I/O error occurred while sending to the backend.", "08006");
              }
              return result;
            });
  }

  private SpoolerSession.QueueItem item() {
    List<SpoolerSession.QueueItem> items = f.spoolerSession("observer").queueItems(10);
    assertEquals(1, items.size());
    return items.get(0);
  }

  private SpoolerSession.QueueItem itemOf(EntryId entryId) {
    return f.spoolerSession("observer").queueItems(10).stream()
        .filter(i -> i.entryId().equals(entryId))
        .findFirst()
        .orElseThrow();
  }
}
