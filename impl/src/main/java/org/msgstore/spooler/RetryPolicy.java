package org.msgstore.spooler;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.msgstore.PropTag;
import org.msgstore.PropertyView;
import org.msgstore.store.SpoolerSession;

/**
 * Exponential back-off between a minimum and a maximum, and the point after which a message is
 * given up: the queue lifetime, or the sender's {@code PR_LATEST_DELIVERY_TIME} / {@code
 * PR_EXPIRY_TIME} if earlier (R60, R67).
 */
final class RetryPolicy {
  /** Failures of a whole attempt (not verdicts of a transport) before damaged data is given up. */
  static final int MAX_FAILED_ATTEMPTS = 3;

  private final Duration min;
  private final Duration max;
  private final Duration lifetime;

  RetryPolicy(Duration min, Duration max, Duration lifetime) {
    this.min = min;
    this.max = max;
    this.lifetime = lifetime;
  }

  /**
   * Delay before attempt {@code attempt + 1}, doubling from the minimum, never above the maximum.
   */
  Duration delayAfter(int attempt) {
    Duration d = min;
    for (int i = 1; i < attempt && d.compareTo(max) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(max) > 0 ? max : d;
  }

  /** When the next attempt is due: the back-off, or later if a transport asked for more time. */
  Instant nextAttempt(int attempt, Instant now, Duration transportAsked) {
    Duration d = delayAfter(attempt);
    if (transportAsked != null && transportAsked.compareTo(d) > 0) {
      d = transportAsked;
    }
    return now.plus(d);
  }

  /** The moment after which the message is not tried again. */
  Instant giveUpAt(Instant submitted, Instant latestDelivery, Instant expiry) {
    Instant end = submitted.plus(lifetime);
    if (latestDelivery != null && latestDelivery.isBefore(end)) {
      end = latestDelivery;
    }
    if (expiry != null && expiry.isBefore(end)) {
      end = expiry;
    }
    return end;
  }

  /**
   * When recipients a transport deferred are tried next (attempt {@code state.attempts() + 1}, no
   * sooner than a transport asked); empty when that would not come before the message's end (R60,
   * R67): they are given up.
   */
  Optional<Instant> nextTry(
      SpoolerSession.QueueState state, PropertyView m, Instant now, Duration transportAsked) {
    Instant giveUp =
        giveUpAt(
            state.submitted(),
            m.get(PropTag.PR_LATEST_DELIVERY_TIME),
            m.get(PropTag.PR_EXPIRY_TIME));
    Instant next = nextAttempt(state.attempts() + 1, now, transportAsked);
    return next.isBefore(giveUp) ? Optional.of(next) : Optional.empty();
  }

  /**
   * When recipients a transport's flow control held back (a rate limit, a relay slowing down) are
   * offered again: after exactly the wait it asked for, without the back-off of an attempt; empty
   * when that would not come before the message's end (R60, R67).
   */
  Optional<Instant> heldUntil(
      SpoolerSession.QueueState state, PropertyView m, Instant now, Duration wait) {
    Instant giveUp =
        giveUpAt(
            state.submitted(),
            m.get(PropTag.PR_LATEST_DELIVERY_TIME),
            m.get(PropTag.PR_EXPIRY_TIME));
    Instant next = now.plus(wait);
    return next.isBefore(giveUp) ? Optional.of(next) : Optional.empty();
  }

  /**
   * When a message is tried again after an attempt that failed as a whole; empty when it is given
   * up instead. Damaged data stays damaged: it is given up after {@link #MAX_FAILED_ATTEMPTS}
   * tries. Anything else (the database unreachable, a lock timeout) is retried until the queue
   * lifetime ends. {@code state} is null when the queue no longer knows the message.
   */
  Optional<Instant> retryAfterFailure(
      SpoolerSession.QueueState state, boolean damaged, Instant now) {
    int attempts = state == null ? 0 : state.attempts();
    boolean expired = state != null && !now.isBefore(giveUpAt(state.submitted(), null, null));
    if (damaged && attempts + 1 >= MAX_FAILED_ATTEMPTS || expired) {
      return Optional.empty();
    }
    return Optional.of(nextAttempt(attempts + 1, now, null));
  }
}
