package org.msgstore.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.msgstore.EntryId;
import org.msgstore.FolderKind;
import org.msgstore.testing.TestMessage;

/**
 * A spooler node name and its incarnations, on every database: two spoolers of one name on one
 * store, the later one a restart of the earlier (its leases released at once when it is dead) or a
 * second live server (nothing taken from it).
 */
class NodeTakeOverTest extends OpenStoreContract {
  static final Instant T0 = Instant.parse("2026-12-05T12:00:00Z");
  static final Duration LEASE = Duration.ofMinutes(5);
  static final Duration STALE = Duration.ofSeconds(30);

  final SettableClock clock = settableClockAt(T0);
  SpoolerSession before;
  SpoolerSession after;
  List<EntryId> inFlight;

  @BeforeEach
  void twoMessagesInFlightOnNode1() {
    MailboxSession alice = fixture.session("alice");
    for (String subject : List.of("one", "two")) {
      TestMessage.subject(subject)
          .from("alice@example.com")
          .to("bob@example.com")
          .submitIn(alice.openFolder(FolderKind.OUTBOX));
    }
    before = fixture.spoolerSession("node-1", LEASE);
    after = fixture.spoolerSession("node-1", LEASE);
    assertTrue(before.takeNodeName("incarnation-1", "host-a", STALE).taken());
    inFlight = before.claim(10);
    assertEquals(2, inFlight.size());
  }

  @Test
  void a_restart_after_the_heartbeat_went_stale_releases_the_dead_incarnations_leases_at_once() {
    clock.advance(STALE.plusSeconds(1)); // far below the 5-minute lease
    assertEquals(List.of(), after.claim(10), "still locked under node-1");

    SpoolerSession.NodeTakeOver t = after.takeNodeName("incarnation-2", "host-a", STALE);

    assertTrue(t.taken());
    assertEquals(2, t.leasesReleased());
    assertEquals("incarnation-1", t.other().id());
    assertEquals(T0, t.other().heartbeat());
    assertEquals(inFlight, after.claim(10), "claimed again at once");
    assertFalse(before.nodeHeartbeat("incarnation-1"), "the dead one no longer holds the name");
  }

  @Test
  void a_fresh_heartbeat_of_another_incarnation_is_not_taken_over_and_its_leases_stay() {
    clock.advance(Duration.ofSeconds(20));
    assertTrue(before.nodeHeartbeat("incarnation-1"));
    clock.advance(Duration.ofSeconds(20)); // 40 s after the start, 20 s after the heartbeat

    SpoolerSession.NodeTakeOver t = after.takeNodeName("incarnation-2", "host-b", STALE);

    assertFalse(t.taken());
    assertEquals(0, t.leasesReleased());
    assertEquals("incarnation-1", t.other().id());
    assertEquals("host-a", t.other().host());
    assertEquals(T0.plusSeconds(20), t.other().heartbeat());
    assertEquals(List.of(), after.claim(10), "its leases stay");
    assertTrue(before.nodeHeartbeat("incarnation-1"), "it keeps the name");
  }

  @Test
  void after_an_orderly_stop_the_next_incarnation_takes_the_name_at_once() {
    assertEquals(2, before.unlockAll());
    before.nodeStopped("incarnation-1");

    SpoolerSession.NodeTakeOver t = after.takeNodeName("incarnation-2", null, STALE);

    assertTrue(t.taken(), "no wait for a heartbeat to go stale");
    assertEquals(0, t.leasesReleased());
    assertEquals(Instant.EPOCH, t.other().heartbeat());
  }

  @Test
  void a_name_used_for_the_first_time_releases_leases_an_earlier_version_left_under_it() {
    SpoolerSession node2 = fixture.spoolerSession("node-2", LEASE);
    before.unlockAll();
    assertEquals(2, node2.claim(10).size()); // a node-2 of a version without heartbeats

    SpoolerSession.NodeTakeOver t =
        fixture.spoolerSession("node-2", LEASE).takeNodeName("incarnation-9", null, STALE);

    assertTrue(t.taken());
    assertEquals(2, t.leasesReleased());
    assertNull(t.other());
  }
}
