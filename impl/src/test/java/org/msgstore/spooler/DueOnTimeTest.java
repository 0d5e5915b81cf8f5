package org.msgstore.spooler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.msgstore.PropTag;
import org.msgstore.spi.DeliveryResult;

/**
 * Messages whose due time this node knows leave at that time, not at the next queue poll: one
 * submitted to be sent later ({@code PR_DEFERRED_SEND_TIME}), and one its spooler deferred for a
 * retry. The poll here is the default, 30 seconds, and each test allows far less than that.
 */
class DueOnTimeTest {
  /** Well under the poll: a message found only by the poll would miss it. */
  private static final Duration ON_TIME = Duration.ofSeconds(8);

  @TempDir Path dir;
  @AutoClose private SpoolerFixture f;
  private final FakeTransport smtp = new FakeTransport("smtp", Set.of("SMTP"));
  private final Map<String, Instant> deliveredAt = new ConcurrentHashMap<>();
  private final CountDownLatch delivered = new CountDownLatch(1);
  private final CountDownLatch twoDelivered = new CountDownLatch(2);
  private Spooler spooler;
  private Thread loop;

  @BeforeEach
  void open() {
    f = new SpoolerFixture(dir, Clock.systemUTC());
    SpoolerSettings settings =
        SpoolerSettings.builder("node-1")
            .lease(SpoolerFixture.LEASE)
            .backoff(Duration.ofSeconds(2), Duration.ofSeconds(4))
            .build();
    assertTrue(
        settings.pollInterval().compareTo(Duration.ofSeconds(30)) >= 0,
        "the default poll is far longer than what the tests allow");
    spooler = new Spooler(f.store, settings, List.of(smtp));
    spooler.addListener(
        e -> {
          if (e.kind() == SpoolerEvent.Kind.FINISHED) {
            delivered.countDown();
            twoDelivered.countDown();
          }
        });
  }

  @Test
  void a_message_deferred_to_a_time_is_sent_at_that_time_not_at_the_next_poll() throws Exception {
    smtp.verdict = this::deliveredNow;
    start();
    Instant due = Instant.now().plusMillis(1500);
    f.submit(
        "alice",
        "later",
        m -> {
          m.set(PropTag.PR_DEFERRED_SEND_TIME, due);
          m.addRecipient(org.msgstore.RecipientType.TO, "Bob", "SMTP", "bob@example.com");
        });

    assertTrue(delivered.await(ON_TIME.toSeconds() + 2, TimeUnit.SECONDS), "sent on time");
    assertSentOnTime(due, deliveredAt.get("bob@example.com"));
  }

  /**
   * Messages deferred before the spooler started (before a restart, or submitted before it listened
   * for commits) come due with nobody announcing them: the spooler asks the store at its start, and
   * again when each comes due.
   */
  @Test
  void messages_waiting_before_the_start_leave_at_their_due_times() throws Exception {
    smtp.verdict = this::deliveredNow;
    Instant first = Instant.now().plusMillis(1500);
    Instant second = first.plusMillis(1500);
    for (var m : Map.of("bob@example.com", first, "carol@example.com", second).entrySet()) {
      f.submit(
          "alice",
          "later",
          msg -> {
            msg.set(PropTag.PR_DEFERRED_SEND_TIME, m.getValue());
            msg.addRecipient(org.msgstore.RecipientType.TO, m.getKey(), "SMTP", m.getKey());
          });
    }
    start();

    twoDelivered.await(
        Duration.between(Instant.now(), second.plus(ON_TIME).plusSeconds(2)).toMillis(),
        TimeUnit.MILLISECONDS);
    assertEquals(Set.of("bob@example.com", "carol@example.com"), deliveredAt.keySet(), "both sent");
    assertSentOnTime(first, deliveredAt.get("bob@example.com"));
    assertSentOnTime(second, deliveredAt.get("carol@example.com"));
  }

  private static void assertSentOnTime(Instant due, Instant sent) {
    assertFalse(sent.isBefore(due.truncatedTo(java.time.temporal.ChronoUnit.MILLIS)), "not early");
    assertTrue(
        Duration.between(due, sent).compareTo(ON_TIME) < 0,
        "sent " + Duration.between(due, sent).toMillis() + " ms after its due time");
  }

  @Test
  void a_message_deferred_for_a_retry_is_tried_again_at_its_retry_time() throws Exception {
    AtomicInteger tries = new AtomicInteger();
    Instant[] deferredAt = new Instant[1];
    smtp.verdict =
        (m, r) -> {
          if (tries.incrementAndGet() == 1) {
            deferredAt[0] = Instant.now();
            return DeliveryResult.deferred(r.rowId(), "451 try again later");
          }
          return deliveredNow(m, r);
        };
    start();
    f.submitTo("alice", "retried", "bob@example.com");

    assertTrue(delivered.await(ON_TIME.toSeconds() + 6, TimeUnit.SECONDS), "sent at its retry");
    assertEquals(2, tries.get());
    Duration waited = Duration.between(deferredAt[0], deliveredAt.get("bob@example.com"));
    assertTrue(
        waited.compareTo(Duration.ofSeconds(1)) >= 0 && waited.compareTo(ON_TIME) < 0,
        "retried "
            + waited.toMillis()
            + " ms after the deferral (back-off 2 s from the attempt's"
            + " start, poll 30 s)");
  }

  private DeliveryResult deliveredNow(
      org.msgstore.spi.OutboundMessage m, org.msgstore.spi.OutboundRecipient r) {
    deliveredAt.put(r.address(), Instant.now());
    return DeliveryResult.delivered(r.rowId());
  }

  private void start() {
    loop = new Thread(spooler::run, "spooler-under-test");
    loop.start();
  }

  @org.junit.jupiter.api.AfterEach
  void stop() throws InterruptedException {
    spooler.stop();
    if (loop != null) {
      loop.join(10_000);
    }
    spooler.close();
  }
}
