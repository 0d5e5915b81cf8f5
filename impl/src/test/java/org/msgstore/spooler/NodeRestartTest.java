package org.msgstore.spooler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.msgstore.store.SettableClock;
import org.msgstore.store.SpoolerSession;

/**
 * Two spoolers of one node name on one store in this JVM: a restart takes back its crashed
 * incarnation's leases at once (or as soon as that one's heartbeat is stale), a second live server
 * under the name refuses to run and leaves the first one's leases alone, and an orderly stop lets
 * the next incarnation start without waiting. Leases here last 2 minutes; heartbeats go stale after
 * 30 s.
 */
class NodeRestartTest {
  static final Instant T0 = Instant.parse("2026-12-05T12:00:00Z");
  @TempDir Path dir;
  final SettableClock clock = new SettableClock(T0);
  final List<LogRecord> logged = Collections.synchronizedList(new ArrayList<>());
  final Handler recorder =
      new Handler() {
        @Override
        public void publish(LogRecord r) {
          logged.add(r);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  /** Held here: a logger nobody references may be collected, and with it the handler added. */
  final Logger spoolerLog = Logger.getLogger(Spooler.class.getName());

  SpoolerFixture f;
  FakeTransport smtp = new FakeTransport("smtp", Set.of("SMTP"));

  @BeforeEach
  void twoMessages() {
    spoolerLog.addHandler(recorder);
    f = new SpoolerFixture(dir, clock);
    f.submitTo("alice", "one", "bob@example.com");
    f.submitTo("alice", "two", "carol@example.com");
  }

  @AfterEach
  void close() {
    f.close();
    spoolerLog.removeHandler(recorder);
  }

  /** The first incarnation of node-1 takes its name, claims both messages, and dies. */
  private Spooler crashedWithTwoInFlight() {
    Spooler first = f.spooler("node-1", smtp);
    assertEquals(NodeLiveness.Start.TAKEN, first.startNode());
    SpoolerSession itsThreads = f.spoolerSession("node-1");
    assertEquals(2, itsThreads.claim(10).size());
    return first;
  }

  private boolean loggedCode(String code, String mentions) {
    synchronized (logged) {
      return logged.stream()
          .anyMatch(r -> r.getMessage().startsWith(code) && r.getMessage().contains(mentions));
    }
  }

  @Test
  void a_restarted_node_takes_back_the_leases_of_its_crashed_incarnation_at_once() {
    crashedWithTwoInFlight();
    clock.advance(Duration.ofSeconds(31)); // the restart; the leases have 89 s left
    Spooler restarted = f.spooler("node-1", smtp);
    assertEquals(0, restarted.runOnce(), "before it takes its name, both are locked");

    assertEquals(NodeLiveness.Start.TAKEN, restarted.startNode());

    assertEquals(2, restarted.runOnce(), "claimed again at once, not after the lease");
    assertEquals(2, f.counters.count(SpoolerEvent.Kind.FINISHED));
    assertTrue(loggedCode("MSGS3008", "released 2"), "logged with its code");
  }

  @Test
  void a_node_restarted_right_after_its_crash_waits_only_until_the_old_heartbeat_is_stale() {
    crashedWithTwoInFlight();
    clock.advance(Duration.ofSeconds(5));
    Spooler restarted = f.spooler("node-1", smtp);

    assertEquals(NodeLiveness.Start.WAIT, restarted.startNode(), "it may be alive");
    assertEquals(T0.plusSeconds(30).plusMillis(1), restarted.node().waitUntil());
    assertTrue(loggedCode("MSGS3010", "node-1"));
    clock.advance(Duration.ofSeconds(26)); // its heartbeat stood still

    assertEquals(NodeLiveness.Start.TAKEN, restarted.startNode());
    assertEquals(2, restarted.runOnce());
  }

  @Test
  void a_second_live_server_with_the_same_node_name_refuses_to_run_and_leaves_the_leases_alone()
      throws Exception {
    Spooler first = crashedWithTwoInFlight(); // not crashed: it goes on below
    clock.advance(Duration.ofSeconds(5));
    Spooler second = f.spooler("node-1", smtp);
    assertEquals(NodeLiveness.Start.WAIT, second.startNode());
    clock.advance(Duration.ofSeconds(10));
    assertEquals(0, first.runOnce(), "a round of the live one: its heartbeat");
    clock.advance(Duration.ofSeconds(16)); // past what the second waited for

    assertEquals(NodeLiveness.Start.REFUSED, second.startNode());
    second.run(); // returns at once: it refuses again, claims nothing and releases nothing

    assertTrue(loggedCode("MSGS3007", "node-1"), "logged with its code");
    assertTrue(
        first.queueItems(10).stream().allMatch(i -> "node-1".equals(i.lockedBy())),
        "the live one's leases stay");
    assertEquals(0, f.counters.count(SpoolerEvent.Kind.FINISHED));
    assertFalse(second.node().held());
  }

  @Test
  void after_an_orderly_stop_the_next_incarnation_takes_the_name_without_waiting()
      throws Exception {
    Spooler first = f.spooler("node-1", smtp);
    CountDownLatch finished = new CountDownLatch(2);
    first.addListener(
        e -> {
          if (e.kind() == SpoolerEvent.Kind.FINISHED) {
            finished.countDown();
          }
        });
    Thread loop = new Thread(first::run, "node-1 first incarnation");
    loop.start();
    assertTrue(finished.await(30, TimeUnit.SECONDS), "the first incarnation delivered");
    first.stop();
    loop.join(TimeUnit.SECONDS.toMillis(30));
    assertFalse(loop.isAlive());

    Spooler next = f.spooler("node-1", smtp);
    assertEquals(NodeLiveness.Start.TAKEN, next.startNode(), "no heartbeat to wait for");
  }
}
