package org.msgstore.it.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.msgstore.it.scenario.TestSmtp;

/**
 * The short version of reliability/run.sh's scenario 1 (RELIABILITY.md, "kill -9 while the spooler
 * delivers"): a WildFly of the test's own with the embedded H2 store, {@value #MESSAGES} messages
 * queued as one backlog, the server's JVM killed with kill -9 as soon as the test SMTP server has
 * the first of them, and started again on the same folder. Every committed message must end in Sent
 * Items exactly once and reach the SMTP server (by Message-ID); only the messages in flight at the
 * kill, at most one spooler round ({@value #IN_FLIGHT}, spoolerBatchSize), may arrive twice;
 * nothing may stay queued (or locked under the dead incarnation's lease).
 */
class KillIT {
  private static final int MESSAGES = 300;
  private static final int IN_FLIGHT = 20;
  private static final String PREFIX = "KillIT message ";
  private static final Duration DRAIN = Duration.ofSeconds(120);

  private static StandaloneServer server;

  @BeforeAll
  static void startServer() throws Exception {
    TestSmtp.stop();
    TestSmtp.start();
    Path war = FaultsWar.write();
    server = StandaloneServer.fresh("kill", 1000, Map.of());
    server.start();
    AdapterInstall.install(server, AdapterInstall.embeddedStore("kill-it"), war);
  }

  @AfterAll
  static void stopServer() {
    try {
      if (server != null) {
        server.close();
      }
    } finally {
      TestSmtp.stop();
    }
  }

  @Test
  void
      a_server_killed_while_it_delivers_sends_every_committed_message_and_repeats_only_what_was_in_flight()
          throws Exception {
    // One backlog, due once the submit is over (about 1 s for 300 on H2).
    String submitted =
        server.get(
            FaultsWar.PATH
                + "/submit?prefix=KillIT+message+&count="
                + MESSAGES
                + "&batch=50&dueMs=4000",
            Duration.ofSeconds(120));
    assertEquals("committed=" + MESSAGES, submitted.strip());

    Deliveries.await(PREFIX, 1, Duration.ofSeconds(60));
    long killed = System.nanoTime();
    server.kill();
    Deliveries beforeKill = Deliveries.of(PREFIX);
    long atKill = beforeKill.copies();
    assertTrue(atKill < MESSAGES, "the kill came before the end of the delivery: " + atKill);
    assertEquals(0, beforeKill.duplicates(), "copies sent twice before the kill");

    server.start();
    long answering = System.nanoTime();
    Deliveries.await(PREFIX, (int) atKill + 1, DRAIN);
    long delivering = System.nanoTime();
    String counts = awaitDrained();
    long drained = System.nanoTime();

    // Outbox empty: no queue row is left, so none is locked under the killed incarnation's lease.
    assertEquals("outbox=0 sent=" + MESSAGES + " distinct=" + MESSAGES, counts);
    Deliveries received = Deliveries.of(PREFIX);
    assertEquals(MESSAGES, received.copiesByMessageId().size(), "distinct Message-IDs received");
    assertEquals(MESSAGES, received.subjects().size(), "distinct subjects received");
    assertTrue(
        received.duplicates() <= IN_FLIGHT,
        "sent again only what was in flight at the kill: " + received.duplicates());
    System.out.printf(
        "KillIT: %d messages, %d received at the kill; kill -> answering %.1f s, -> delivering"
            + " %.1f s, -> drained %.1f s; %d copies sent twice%n",
        MESSAGES,
        atKill,
        seconds(killed, answering),
        seconds(killed, delivering),
        seconds(killed, drained),
        received.duplicates());
  }

  /** Waits (bounded) until nothing with the prefix is queued; returns the last counts. */
  private static String awaitDrained() throws Exception {
    long deadline = System.nanoTime() + DRAIN.toNanos();
    while (true) {
      String counts = server.get(FaultsWar.PATH + "/counts?prefix=KillIT+message+", DRAIN).strip();
      if (counts.startsWith("outbox=0 ") || System.nanoTime() > deadline) {
        return counts;
      }
      TimeUnit.MILLISECONDS.sleep(200);
    }
  }

  private static double seconds(long from, long to) {
    return (to - from) / 1e9;
  }
}
