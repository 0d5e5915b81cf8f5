package org.msgstore.spooler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The delivery threads' waits end by the store clock (a test moves it), but never later than the
 * same span of real time: a clock that stands still or is stepped back must not make a round or a
 * stop wait for ever. A worker whose work the executor refuses is free again at once.
 */
class DeliveryThreadsTest {
  private static final Clock STANDING_STILL =
      Clock.fixed(Instant.parse("2026-12-05T12:00:00Z"), ZoneOffset.UTC);

  @Test
  @Timeout(10)
  void a_wait_ends_after_its_span_of_real_time_when_the_clock_stands_still() throws Exception {
    DeliveryThreads threads = new DeliveryThreads(Runnable::run, List.of(), STANDING_STILL);

    boolean done =
        threads.await(() -> false, STANDING_STILL.instant().plus(Duration.ofMillis(200)));

    assertFalse(done, "the condition never held: the wait reports its deadline passed");
  }

  @Test
  @Timeout(10)
  void a_worker_whose_work_the_executor_refuses_is_free_again_and_its_follow_up_ran()
      throws Exception {
    DeliveryThreads.Worker worker = new DeliveryThreads.Worker(null, null, null);
    DeliveryThreads threads =
        new DeliveryThreads(
            r -> {
              throw new RejectedExecutionException("the WorkManager is shutting down");
            },
            List.of(worker),
            STANDING_STILL);
    AtomicInteger followUps = new AtomicInteger();
    Instant deadline = STANDING_STILL.instant().plus(Duration.ofMinutes(5));

    DeliveryThreads.Worker taken = threads.take(deadline);
    assertSame(worker, taken);
    assertThrows(
        RejectedExecutionException.class,
        () -> threads.run(taken, () -> {}, followUps::incrementAndGet));

    assertEquals(1, followUps.get(), "the round's bookkeeping ran for the refused message");
    assertTrue(threads.awaitAllIdle(deadline), "the worker is idle again, at once");
  }
}
