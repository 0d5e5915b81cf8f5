package org.msgstore.spooler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.msgstore.FolderKind;
import org.msgstore.PropTag;
import org.msgstore.RecipientType;
import org.msgstore.spi.DeliveryResult;
import org.msgstore.testing.Slow;
import org.msgstore.testing.TestStores;

/**
 * A real crash: the spooler's JVM is halted right after a transport succeeded, before the spooler
 * recorded it. After recovery every recipient has the message once, at most once more for the
 * recipient in flight, each message is filed once, and nothing stays locked (R52, R73, F1).
 */
@Slow
class CrashRecoveryTest {
  @TempDir Path dir;

  private static final int MESSAGES = 12;
  private static final int RECIPIENTS = 3;

  @Test
  void
      after_a_crash_between_transport_success_and_finish_each_recipient_gets_the_message_once_or_once_more_in_flight()
          throws Exception {
    Map<String, Integer> count = crashThenRecover(17, "round");
    long twice = count.values().stream().filter(n -> n == 2).count();
    assertTrue(
        twice <= RECIPIENTS,
        "only the message in flight may repeat, at most once per recipient: " + twice);
  }

  /**
   * The spooler's own loop records a run of messages in one commit after the run's last send. A
   * crash in the middle of a run (here: after 4 messages and 2 recipients of the 5th were sent,
   * none of them recorded yet) re-sends what the run had sent, once, and nothing else.
   */
  @Test
  void
      after_a_crash_in_the_middle_of_a_run_the_runs_messages_go_out_once_more_at_most_and_every_message_is_filed_once()
          throws Exception {
    Map<String, Integer> count = crashThenRecover(4 * RECIPIENTS + 2, "continuous");
    long twice = count.values().stream().filter(n -> n == 2).count();
    int run = 5; // spoolerBatchSize 5 / 1 delivery thread
    assertTrue(
        twice <= run * RECIPIENTS,
        "only the messages of the run in flight may repeat, at most once per recipient: " + twice);
  }

  /**
   * Submits the messages, lets a child JVM spool them until it halts after {@code deliveries},
   * recovers, and counts per recipient.
   */
  private Map<String, Integer> crashThenRecover(int deliveries, String mode) throws Exception {
    int messages = MESSAGES;
    int recipients = RECIPIENTS;
    Path log = dir.resolve("deliveries.log");
    try (SpoolerFixture f = new SpoolerFixture(dir, Clock.systemUTC())) {
      byte[] sent = f.client("shop").getStoreProperty(PropTag.PR_IPM_SENTMAIL_ENTRYID);
      for (int i = 0; i < messages; i++) {
        int k = i;
        f.submit(
            "shop",
            "m" + k,
            m -> {
              m.set(PropTag.PR_SENTMAIL_ENTRYID, sent);
              for (int r = 0; r < recipients; r++) {
                m.addRecipient(
                    RecipientType.TO, "R" + r, "SMTP", "r" + r + "-" + k + "@example.com");
              }
            });
      }
    } // the store is closed before the child opens it

    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                CrashingSpoolerMain.class.getName(),
                TestStores.h2Url(dir),
                TestStores.H2_USER,
                log.toString(),
                Integer.toString(deliveries),
                mode)
            .redirectErrorStream(true)
            .start();
    String out;
    try (InputStream in = child.getInputStream()) {
      out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertTrue(child.waitFor(90, TimeUnit.SECONDS), "child did not end");
    assertEquals(0, child.exitValue(), "the child must halt itself mid-delivery: " + out);
    assertEquals(
        deliveries, Files.readAllLines(log).size(), deliveries + " deliveries before the crash");

    try (SpoolerFixture f = new SpoolerFixture(dir, Clock.systemUTC())) {
      FakeTransport recovery = new FakeTransport("smtp", java.util.Set.of("SMTP"));
      List<String> afterCrash = new ArrayList<>();
      recovery.verdict =
          (m, r) -> {
            afterCrash.add(m.internetMessageId() + " " + r.address());
            return DeliveryResult.delivered(r.rowId());
          };
      Spooler s = f.spooler("survivor", recovery);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      int done = 0;
      while (done < messages && System.nanoTime() < deadline) {
        s.runOnce(); // the dead node's leases (CrashingSpoolerMain.LEASE) lapse while this loops
        done = f.client("shop").openFolder(FolderKind.SENT_ITEMS).getContentsTable().size();
      }
      assertEquals(messages, done, "every message filed exactly once");

      Map<String, Integer> count = new HashMap<>();
      Files.readAllLines(log).forEach(l -> count.merge(l, 1, Integer::sum));
      afterCrash.forEach(l -> count.merge(l, 1, Integer::sum));
      assertEquals(messages * recipients, count.size(), "every recipient got the message");
      assertTrue(
          count.values().stream().allMatch(n -> n <= 2), "never more than once more: " + count);
      assertTrue(f.client("shop").openFolder(FolderKind.OUTBOX).getContentsTable().isEmpty());
      assertEquals(0, s.runOnce(), "nothing left locked or queued");
      return count;
    }
  }
}
