package org.msgstore.it.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.msgstore.it.scenario.ItPostgres;
import org.msgstore.it.scenario.PostgresInstalled;
import org.msgstore.it.scenario.TestSmtp;
import org.msgstore.testdb.PostgresServer;

/**
 * The short version of reliability/two-servers-kill.sh: two WildFly servers of the test's own, a
 * and b, each with its spooler and its own nodeName (and transaction node identifier), on one store
 * in PostgreSQL. {@value #MESSAGES} messages are queued through a as one backlog; while both
 * deliver, a is killed with kill -9 and NOT restarted. b must deliver the rest, a's claimed
 * messages too once their lease lapses ({@value #LEASE_MS} ms here): every message filed into Sent
 * Items once and received, at most a's in-flight run ({@value #IN_FLIGHT}, spoolerBatchSize) twice,
 * nothing left queued or locked.
 */
@ExtendWith(PostgresInstalled.class)
class TwoServersKillIT {
  private static final String DATABASE = "faults_two_servers";
  private static final int MESSAGES = 300;
  private static final int IN_FLIGHT = 20;
  private static final int LEASE_MS = 10_000;
  private static final String PREFIX = "TwoServersKillIT message ";
  private static final String NODE_PREFIX = "two-servers-";
  private static final Duration DRAIN = Duration.ofSeconds(120);

  private static StandaloneServer a;
  private static StandaloneServer b;

  /** The test's own look at the shared store (leases, queue rows). */
  private static Connection store;

  @BeforeAll
  static void startServers() throws Exception {
    TestSmtp.stop();
    TestSmtp.start();
    ItPostgres.server().createDatabase(DATABASE);
    Path war = FaultsWar.write();
    // Each with its own transaction node identifier: recovery on one never takes the other's
    // branches in the shared store for its own.
    a = StandaloneServer.fresh("two-servers-a", 1000, Map.of("jboss.tx.node.id", "faults-a"));
    b = StandaloneServer.fresh("two-servers-b", 1100, Map.of("jboss.tx.node.id", "faults-b"));
    start(a, "a", war);
    start(b, "b", war);
    store =
        DriverManager.getConnection(
            ItPostgres.running().jdbcUrl(DATABASE), PostgresServer.ADMIN, "unused");
  }

  private static void start(StandaloneServer server, String node, Path war) throws Exception {
    server.start();
    Map<String, String> p =
        AdapterInstall.postgresStore(
            NODE_PREFIX + node, ItPostgres.running().jdbcUrl(DATABASE), PostgresServer.ADMIN);
    p.put("spoolerLeaseMs", Integer.toString(LEASE_MS));
    // A send must end well within the lease (README: keep twice it below spoolerLeaseMs).
    p.put("smtpSendTimeoutMs", "4000");
    AdapterInstall.install(server, p, war);
  }

  @AfterAll
  static void stopServers() throws Exception {
    try {
      if (store != null) {
        store.close();
      }
      for (StandaloneServer s : new StandaloneServer[] {a, b}) {
        if (s != null) {
          s.close();
        }
      }
    } finally {
      TestSmtp.stop();
      ItPostgres.server().psql("postgres", "DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
    }
  }

  @Test
  void when_one_of_two_servers_is_killed_the_other_delivers_the_rest_and_its_claims_too()
      throws Exception {
    String submitted =
        a.get(
            FaultsWar.PATH
                + "/submit?prefix=TwoServersKillIT+message+&count="
                + MESSAGES
                + "&batch=50&dueMs=4000",
            DRAIN);
    assertEquals("committed=" + MESSAGES, submitted.strip());

    // Kill a while it delivers: once the SMTP server has a first message and a holds claims.
    Deliveries.await(PREFIX, 1, Duration.ofSeconds(60));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (lockedBy("a") == 0) {
      assertTrue(System.nanoTime() < deadline, "a claimed nothing within 60 s");
      TimeUnit.MILLISECONDS.sleep(2);
    }
    a.kill();
    long killed = System.nanoTime();
    int claimedByKilled = lockedBy("a");
    assertTrue(claimedByKilled > 0, "a held claims when it was killed");
    Deliveries atKill = Deliveries.of(PREFIX);
    assertTrue(atKill.copies() < MESSAGES, "killed before the end: " + atKill.copies());

    deadline = System.nanoTime() + DRAIN.toNanos();
    while (lockedBy("a") > 0) {
      assertTrue(System.nanoTime() < deadline, "a's claims still locked after " + DRAIN);
      TimeUnit.MILLISECONDS.sleep(200);
    }
    double claimsBack = (System.nanoTime() - killed) / 1e9;
    String counts = awaitDrained();
    double drained = (System.nanoTime() - killed) / 1e9;

    assertEquals("outbox=0 sent=" + MESSAGES + " distinct=" + MESSAGES, counts);
    assertEquals(0, count("SELECT count(*) FROM outgoing_queue"), "queue rows left");
    Deliveries received = Deliveries.of(PREFIX);
    assertEquals(MESSAGES, received.copiesByMessageId().size(), "distinct Message-IDs received");
    assertEquals(MESSAGES, received.subjects().size(), "distinct subjects received");
    assertEquals(0, atKill.duplicates(), "copies sent twice before the kill");
    assertTrue(
        received.duplicates() <= IN_FLIGHT,
        "sent again only a's run in flight at the kill: " + received.duplicates());
    System.out.printf(
        "TwoServersKillIT: %d messages, %d received and %d claimed by a at the kill;"
            + " a's claims released %.1f s after the kill, queue empty after %.1f s;"
            + " %d copies sent twice%n",
        MESSAGES, atKill.copies(), claimedByKilled, claimsBack, drained, received.duplicates());
  }

  /** Queue rows locked under {@code node}'s name (whatever their lease). */
  private static int lockedBy(String node) throws SQLException {
    return count(
        "SELECT count(*) FROM outgoing_queue WHERE lock_owner = '" + NODE_PREFIX + node + "'");
  }

  private static int count(String sql) throws SQLException {
    try (Statement s = store.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getInt(1);
    }
  }

  /** Waits (bounded) on b until nothing with the prefix is queued; returns the last counts. */
  private static String awaitDrained() throws Exception {
    long deadline = System.nanoTime() + DRAIN.toNanos();
    while (true) {
      String counts =
          b.get(FaultsWar.PATH + "/counts?prefix=TwoServersKillIT+message+", DRAIN).strip();
      if (counts.startsWith("outbox=0 ") || System.nanoTime() > deadline) {
        return counts;
      }
      TimeUnit.MILLISECONDS.sleep(200);
    }
  }
}
