package org.msgstore.spooler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.msgstore.PropTag;
import org.msgstore.PropertyView;
import org.msgstore.store.SpoolerSession;

/** When a waiting message is tried next, and when it is given up instead (R60, R67). */
class RetryPolicyTest {
  static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");
  final RetryPolicy retry =
      new RetryPolicy(Duration.ofMinutes(5), Duration.ofMinutes(67), Duration.ofDays(5));

  @Test
  void the_back_off_doubles_from_the_minimum_and_stops_at_the_maximum() {
    assertEquals(Duration.ofMinutes(5), retry.delayAfter(1));
    assertEquals(Duration.ofMinutes(10), retry.delayAfter(2));
    assertEquals(Duration.ofMinutes(40), retry.delayAfter(4));
    assertEquals(Duration.ofMinutes(67), retry.delayAfter(5));
    assertEquals(Duration.ofMinutes(67), retry.delayAfter(50));
  }

  @Test
  void R60_deferred_recipients_are_tried_after_the_back_off_or_later_if_a_transport_asked() {
    SpoolerSession.QueueState firstTry = state(0, T0);
    Instant now = T0.plusSeconds(1);
    assertEquals(
        Optional.of(now.plus(Duration.ofMinutes(5))),
        retry.nextTry(firstTry, props(Map.of()), now, null));
    assertEquals(
        Optional.of(now.plus(Duration.ofHours(1))),
        retry.nextTry(firstTry, props(Map.of()), now, Duration.ofHours(1)));
  }

  @Test
  void R67_deferred_recipients_are_given_up_when_the_next_try_would_not_come_before_the_end() {
    Instant now = T0.plus(Duration.ofDays(5)).minus(Duration.ofMinutes(1));
    assertEquals(Optional.empty(), retry.nextTry(state(3, T0), props(Map.of()), now, null));
    PropertyView expiresSoon =
        props(Map.of(PropTag.PR_EXPIRY_TIME, T0.plus(Duration.ofMinutes(3))));
    assertEquals(Optional.empty(), retry.nextTry(state(0, T0), expiresSoon, T0, null));
    PropertyView latest =
        props(Map.of(PropTag.PR_LATEST_DELIVERY_TIME, T0.plus(Duration.ofMinutes(3))));
    assertEquals(Optional.empty(), retry.nextTry(state(0, T0), latest, T0, null));
  }

  @Test
  void damaged_data_is_given_up_after_three_failed_attempts_anything_else_retried_until_the_end() {
    assertEquals(
        Optional.of(T0.plus(Duration.ofMinutes(10))),
        retry.retryAfterFailure(state(1, T0), true, T0));
    assertEquals(Optional.empty(), retry.retryAfterFailure(state(2, T0), true, T0));
    assertEquals(
        Optional.of(T0.plus(Duration.ofMinutes(67))),
        retry.retryAfterFailure(state(20, T0), false, T0));
    assertEquals(
        Optional.empty(),
        retry.retryAfterFailure(state(20, T0), false, T0.plus(Duration.ofDays(5))));
    assertEquals(
        Optional.of(T0.plus(Duration.ofMinutes(5))),
        retry.retryAfterFailure(null, false, T0),
        "a message the queue no longer knows: the release that follows will say so");
  }

  private static SpoolerSession.QueueState state(int attempts, Instant submitted) {
    return new SpoolerSession.QueueState(attempts, null, submitted, submitted);
  }

  private static PropertyView props(Map<PropTag<?>, Object> values) {
    return new PropertyView() {
      @Override
      @SuppressWarnings("unchecked")
      public <T> T get(PropTag<T> tag) {
        return (T) values.get(tag);
      }

      @Override
      public Set<PropTag<?>> tags() {
        return values.keySet();
      }
    };
  }
}
