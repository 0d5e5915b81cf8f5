package org.msgstore.it.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.msgstore.it.scenario.ItPostgres;
import org.msgstore.it.scenario.PostgresInstalled;
import org.msgstore.it.scenario.TestSmtp;
import org.msgstore.testdb.PostgresServer;

/**
 * The short version of reliability/run.sh's in-doubt scenario: a WildFly of the test's own with the
 * store on PostgreSQL by {@code jdbcUrl} (XA), and transactions of two branches, one message and
 * {@code HaltingXAResource}, which halts the server's JVM in the middle of the two-phase commit.
 * After the restart the transaction manager's recovery (scans every {@value #SCAN_SECONDS} s here)
 * must end the store's prepared branch as its log decides: halted in prepare, no decision was
 * logged, so it is rolled back (no message); halted in commit, the decision was logged, so it is
 * committed (the message delivered once). Either way nothing stays prepared. The halt in commit is
 * the case that found a recovery scan before the adapter's start answering "nothing in doubt" (see
 * NotStartedLink): the transaction manager then forgot the branch.
 */
@ExtendWith(PostgresInstalled.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InDoubtIT {
  private static final String DATABASE = "faults_in_doubt";
  private static final int SCAN_SECONDS = 5;
  private static final Duration RECOVERY = Duration.ofSeconds(150);
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final int HALT_STATUS = 97;

  private static StandaloneServer server;

  @BeforeAll
  static void startServer() throws Exception {
    TestSmtp.stop();
    TestSmtp.start();
    PostgresServer postgres = ItPostgres.server();
    postgres.createDatabase(DATABASE);
    Path war = FaultsWar.write();
    server =
        StandaloneServer.fresh(
            "in-doubt",
            1000,
            Map.of(
                "RecoveryEnvironmentBean.periodicRecoveryPeriod",
                Integer.toString(SCAN_SECONDS),
                "RecoveryEnvironmentBean.recoveryBackoffPeriod",
                "1"));
    server.start();
    AdapterInstall.install(
        server,
        AdapterInstall.postgresStore(
            "in-doubt-it", postgres.jdbcUrl(DATABASE), PostgresServer.ADMIN),
        war);
  }

  @AfterAll
  static void stopServer() throws Exception {
    try {
      if (server != null) {
        server.close();
      }
    } finally {
      TestSmtp.stop();
      PostgresServer postgres = ItPostgres.server();
      // A failed run may leave a branch prepared, which would keep the database from being dropped.
      String gids =
          postgres.psql(
              "postgres",
              "SELECT string_agg(gid, ' ') FROM pg_prepared_xacts WHERE database = '"
                  + DATABASE
                  + "'");
      for (String gid : gids.isBlank() ? new String[0] : gids.split(" ")) {
        postgres.psql(DATABASE, "ROLLBACK PREPARED '" + gid + "'");
      }
      postgres.psql("postgres", "DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
    }
  }

  @Test
  @Order(1)
  void without_a_halt_the_transaction_commits_and_the_message_is_delivered() throws Exception {
    assertEquals("committed=1", inDoubt("NONE", "InDoubtIT control"));
    Deliveries.await("InDoubtIT control", 1, TIMEOUT);
    assertEquals("outbox=0 sent=1 distinct=1", awaitNothingQueued("InDoubtIT control"));
  }

  @Test
  @Order(2)
  void halted_in_prepare_the_message_is_rolled_back_by_recovery_and_nothing_stays_prepared()
      throws Exception {
    String subject = "InDoubtIT halted in prepare";
    long halted = haltIn("PREPARE", subject);
    server.start();
    double resolved = awaitNothingPrepared(halted);

    assertEquals("outbox=0 sent=0 distinct=0", counts(subject), "no message: rolled back");
    assertEquals(0, Deliveries.of(subject).copies(), "copies received");
    System.out.printf("InDoubtIT: halt in PREPARE -> nothing prepared in %.1f s%n", resolved);
  }

  @Test
  @Order(3)
  void halted_in_commit_the_message_is_committed_by_recovery_and_delivered_once() throws Exception {
    String subject = "InDoubtIT halted in commit";
    long halted = haltIn("COMMIT", subject);
    server.start();
    double resolved = awaitNothingPrepared(halted);

    Deliveries.await(subject, 1, TIMEOUT);
    assertEquals("outbox=0 sent=1 distinct=1", awaitNothingQueued(subject));
    assertEquals(1, Deliveries.of(subject).copies(), "copies received");
    System.out.printf(
        "InDoubtIT: halt in COMMIT -> nothing prepared in %.1f s, delivered once%n", resolved);
  }

  /**
   * Runs the transaction with the halt at {@code moment}: the call gets no answer, the JVM ends
   * with the halt's status and the store's branch is left prepared. Returns the instant it was
   * gone.
   */
  private static long haltIn(String moment, String subject) throws Exception {
    assertThrows(IOException.class, () -> inDoubt(moment, subject), "an answer from a halted JVM");
    assertEquals(HALT_STATUS, server.awaitExit(), "exit status of the halted JVM");
    long gone = System.nanoTime();
    assertTrue(
        server.consoleLines().stream()
            .anyMatch(l -> l.contains("halting the JVM in " + moment + " of ")),
        "the halt came in " + moment);
    assertEquals("1", prepared(), "branches of the store left prepared by the halt");
    return gone;
  }

  private static String inDoubt(String moment, String subject)
      throws IOException, InterruptedException {
    return server
        .get(
            FaultsWar.PATH + "/in-doubt?halt=" + moment + "&subject=" + subject.replace(' ', '+'),
            TIMEOUT)
        .strip();
  }

  private static String prepared() throws IOException, InterruptedException {
    return ItPostgres.running()
        .psql(
            "postgres",
            "SELECT count(*) FROM pg_prepared_xacts WHERE database = '" + DATABASE + "'");
  }

  /** Waits (bounded) until the store has no prepared branch; seconds from {@code since}. */
  private static double awaitNothingPrepared(long since) throws Exception {
    long deadline = System.nanoTime() + RECOVERY.toNanos();
    while (!"0".equals(prepared())) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "a branch of the store still prepared " + RECOVERY + " after the restart");
      }
      TimeUnit.MILLISECONDS.sleep(250);
    }
    return (System.nanoTime() - since) / 1e9;
  }

  private static String counts(String prefix) throws IOException, InterruptedException {
    return server
        .get(FaultsWar.PATH + "/counts?prefix=" + prefix.replace(' ', '+'), TIMEOUT)
        .strip();
  }

  private static String awaitNothingQueued(String prefix) throws Exception {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (true) {
      String counts = counts(prefix);
      if (counts.startsWith("outbox=0 ") && !counts.contains(" sent=0 ")
          || System.nanoTime() > deadline) {
        return counts;
      }
      TimeUnit.MILLISECONDS.sleep(200);
    }
  }
}
