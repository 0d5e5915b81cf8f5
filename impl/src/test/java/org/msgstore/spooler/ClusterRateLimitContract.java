package org.msgstore.spooler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.msgstore.store.MessageStore;
import org.msgstore.store.SettableClock;
import org.msgstore.testing.TestTransportContext;
import org.msgstore.transport.smtp.SmtpTransport;

/**
 * Issue 18, rate limits in a cluster: two servers' spoolers on one database share a domain's rate
 * (each takes the rate divided by the live nodes it counts in {@code spooler_node}), so the cluster
 * as a whole keeps it; when one stops, the other takes the whole rate. Real SMTP on loopback
 * (GreenMail), the store's settable clock for the windows. Each database is a subclass.
 */
abstract class ClusterRateLimitContract {
  @TempDir Path dir;
  final SettableClock clock = new SettableClock(Instant.parse("2026-12-05T10:00:00Z"));
  SpoolerFixture f;
  GreenMail greenMail;
  Spooler a;
  Spooler b;

  /** When each delivery came, by the clock, and by which node. */
  final TreeMap<Long, int[]> perSecond = new TreeMap<>();

  Instant start;

  /** The fixture on a new database. */
  abstract SpoolerFixture fixture(Path dir, SettableClock clock);

  /** The second server's store: the same database, opened again where the database allows. */
  abstract MessageStore secondServer(SpoolerFixture f, SettableClock clock);

  /** Closes what {@link #secondServer} opened. */
  abstract void closeSecondServer(MessageStore second);

  private MessageStore second;

  @BeforeEach
  void open() throws Exception {
    f = fixture(dir, clock);
    second = secondServer(f, clock);
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    greenMail.start();
    Map<String, String> settings = TestTransportContext.smtpLoopback(port);
    settings.put("smtpDomainRates", "limited.test=10/s");
    a = node(f.store, "node-a", settings, 0);
    b = node(second, "node-b", settings, 1);
  }

  private Spooler node(MessageStore store, String name, Map<String, String> settings, int index) {
    Spooler s =
        new Spooler(
            store,
            SpoolerSettings.builder(name).lease(SpoolerFixture.LEASE).batchSize(1).build(),
            List.of(new SmtpTransport()));
    s.startTransports(settings);
    s.addListener(
        e -> {
          if (e.kind() == SpoolerEvent.Kind.DELIVERED) {
            long second = Duration.between(start, clock.instant()).toSeconds();
            perSecond.computeIfAbsent(second, k -> new int[2])[index]++;
          }
        });
    return s;
  }

  @AfterEach
  void close() {
    a.close();
    b.close();
    greenMail.stop();
    closeSecondServer(second);
    f.close();
  }

  /**
   * Steps the clock by 100 ms until {@code n} messages went, each step delivering what is due. The
   * two loops race for what comes due; here they claim one message in turn (batches of one), as two
   * loops running at once do. (A node that claimed every due message first would hold the other's
   * returning messages for its own share too: the cluster then stays under its rate, never over it;
   * README, "Priorities and rate limits".)
   */
  private void deliver(int n) {
    start = clock.instant();
    perSecond.clear();
    for (int step = 0; step < 300 && delivered() < n; step++) {
      for (int i = 0; i < 1_000 && a.runOnce() + b.runOnce() > 0; i++) {
        // both nodes claim from the one queue until nothing is due
      }
      clock.advance(Duration.ofMillis(100));
    }
  }

  private int delivered() {
    return perSecond.values().stream().mapToInt(c -> c[0] + c[1]).sum();
  }

  @Test
  void two_servers_on_one_database_each_take_half_of_a_domain_rate_so_the_cluster_keeps_it() {
    assertEquals(NodeLiveness.Start.TAKEN, a.startNode());
    assertEquals(NodeLiveness.Start.TAKEN, b.startNode());
    a.node().countLiveNodes(); // a counted itself alone at its start; its next heartbeat would
    assertEquals(2, a.liveNodes());
    assertEquals(2, b.liveNodes());
    for (int i = 0; i < 60; i++) {
      f.submitTo("shop", "m" + i, "r" + i + "@limited.test");
    }

    deliver(60);

    assertEquals(60, delivered(), perSecond.toString());
    assertTrue(greenMail.waitForIncomingEmail(5_000, 60));
    // 60 at 10/s for the cluster: 6 seconds. Each node's bucket lets at most its share (5/s)
    // plus one early message go in a second, so the cluster at most 10 + 2; while the backlog
    // lasts, no fewer than the rate less one per node.
    assertTrue(perSecond.size() >= 5 && perSecond.size() <= 7, describe());
    perSecond.forEach(
        (second, n) -> {
          assertTrue(n[0] <= 6 && n[1] <= 6, "second " + second + ": " + describe());
          assertTrue(n[0] + n[1] <= 12, "second " + second + ": " + describe());
        });
    perSecond
        .headMap(perSecond.lastKey())
        .values()
        .forEach(n -> assertTrue(n[0] + n[1] >= 8, describe()));
  }

  @Test
  void when_one_server_stops_the_other_takes_the_whole_rate_from_its_next_count() {
    assertEquals(NodeLiveness.Start.TAKEN, a.startNode());
    assertEquals(NodeLiveness.Start.TAKEN, b.startNode());
    b.node().stopped(); // an orderly stop: its heartbeat is 0 from now on
    a.node().countLiveNodes(); // at a's next heartbeat (within NodeLiveness.MAX_BEAT)
    assertEquals(1, a.liveNodes());
    for (int i = 0; i < 30; i++) {
      f.submitTo("shop", "m" + i, "r" + i + "@limited.test");
    }
    start = clock.instant();
    for (int step = 0; step < 300 && delivered() < 30; step++) {
      for (int i = 0; i < 1_000 && a.runOnce() > 0; i++) {
        // only a delivers
      }
      clock.advance(Duration.ofMillis(100));
    }

    assertEquals(30, delivered(), describe());
    perSecond.forEach((second, n) -> assertTrue(n[0] <= 11, describe()));
    perSecond.headMap(perSecond.lastKey()).values().forEach(n -> assertTrue(n[0] >= 9, describe()));
  }

  private String describe() {
    StringBuilder s = new StringBuilder("deliveries per second (node a + node b):");
    perSecond.forEach(
        (k, v) -> s.append(' ').append(k).append(':').append(v[0]).append('+').append(v[1]));
    return s.toString();
  }
}
