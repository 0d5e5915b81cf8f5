package org.msgstore.transport.smtp.throttle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The turns of one rate limit by priority lane: a higher lane takes the soonest turn held for a
 * lower one, and the message displaced goes to the end of the line; within a lane, first come,
 * first served. 5/s: a turn every 200 ms, and the bucket lets the first two go at once.
 */
class RateLimiterLanesTest {
  static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");
  final RateLimiter limiter = new RateLimiter(new Rate(5, Duration.ofSeconds(1)), () -> 1);

  /** Ten non-urgent messages: two go now, eight hold the turns at 400 ms .. 1800 ms. */
  private void nonUrgentBacklog() {
    assertNull(limiter.take("bulk0", -1, T0));
    assertNull(limiter.take("bulk1", -1, T0));
    for (int i = 2; i < 10; i++) {
      assertEquals(Duration.ofMillis(200L * i), limiter.take("bulk" + i, -1, T0));
    }
  }

  @Test
  void an_urgent_message_takes_the_soonest_non_urgent_turn_and_the_displaced_one_goes_last() {
    nonUrgentBacklog();

    assertEquals(Duration.ofMillis(400), limiter.take("urgent", 1, T0));
    // bulk2 had the 400 ms turn: it comes back then and is sent to the end of the line, 2000 ms.
    assertEquals(Duration.ofMillis(1600), limiter.take("bulk2", -1, T0.plusMillis(400)));
    assertNull(limiter.take("urgent", 1, T0.plusMillis(400)));
    assertNull(limiter.take("bulk3", -1, T0.plusMillis(600)), "the others keep their turns");
    // No turn was added: the next newcomer's turn is after the displaced one's.
    assertEquals(Duration.ofMillis(1600), limiter.take("late", -1, T0.plusMillis(600)));
  }

  @Test
  void a_normal_message_overtakes_non_urgent_turns_but_not_urgent_ones() {
    assertNull(limiter.take("a", 1, T0));
    assertNull(limiter.take("b", 1, T0));
    assertEquals(Duration.ofMillis(400), limiter.take("urgent2", 1, T0));
    assertEquals(Duration.ofMillis(600), limiter.take("bulk", -1, T0));

    assertEquals(Duration.ofMillis(600), limiter.take("normal", 0, T0), "the non-urgent turn");
    assertEquals(
        Duration.ofMillis(400), limiter.take("bulk", -1, T0.plusMillis(400)), "now at 800 ms");
  }

  @Test
  void a_turn_already_past_is_never_given_away_so_the_rate_holds() {
    nonUrgentBacklog();
    // bulk2 .. bulk5 held the turns at 400 .. 1000 ms and never came back here (another server
    // sent them, or they were held): at 1100 ms their turns are past.
    Instant t = T0.plusMillis(1100);
    int goingNow = 0;
    for (int i = 0; i < 5; i++) {
      if (limiter.take("urgent" + i, 1, t) == null) {
        goingNow++;
      }
    }
    assertTrue(goingNow <= 2, goingNow + " urgent messages sent at once at 5/s");
  }

  @Test
  void within_one_lane_turns_are_first_come_first_served() {
    assertNull(limiter.take("n0", 0, T0));
    assertNull(limiter.take("n1", 0, T0));
    assertEquals(Duration.ofMillis(400), limiter.take("n2", 0, T0));

    assertEquals(Duration.ofMillis(600), limiter.take("n3", 0, T0));
    assertEquals(Duration.ofMillis(800), limiter.take("n4", 0, T0), "behind its own lane");
    assertEquals(Duration.ofMillis(1000), limiter.take("bulk", -1, T0), "and behind the higher");
  }
}
