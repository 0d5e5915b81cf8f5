package org.msgstore.spooler;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.msgstore.EntryId;

/**
 * While every delivery thread is busy the dispatcher waits for one, up to a lease; meanwhile it
 * keeps the node's heartbeat going, so a busy node never looks dead to a server started with its
 * name.
 */
class DispatcherTest {
  private static final Clock STANDING_STILL =
      Clock.fixed(Instant.parse("2026-12-05T12:00:00Z"), ZoneOffset.UTC);

  @Test
  @Timeout(10)
  void waiting_for_a_busy_thread_beats_every_slice_and_gives_up_after_the_lease() {
    AtomicInteger beats = new AtomicInteger();
    Duration lease = Duration.ofMillis(600);
    DeliveryThreads noneFree = new DeliveryThreads(Runnable::run, List.of(), STANDING_STILL);
    Dispatcher dispatcher =
        new Dispatcher(
            noneFree,
            new DeliveryRuns(STANDING_STILL, lease, () -> false, (kind, id, detail) -> {}),
            STANDING_STILL,
            lease,
            () -> false,
            () -> {},
            (kind, id, detail) -> {},
            Duration.ofMillis(100),
            beats::incrementAndGet);
    Queue<Claimed> waiting = new ArrayDeque<>();
    waiting.add(new Claimed(EntryId.of(new byte[16]), STANDING_STILL.instant()));

    assertNull(dispatcher.dispatchNext(waiting, 1, () -> {}), "no thread came within the lease");
    assertTrue(beats.get() >= 4, "beats while waiting: " + beats.get());
  }
}
