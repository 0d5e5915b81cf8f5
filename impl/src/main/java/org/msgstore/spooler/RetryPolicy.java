package org.msgstore.spooler;

import java.time.Duration;
import java.time.Instant;
import org.msgstore.PropTag;

/**
 * Exponential back-off between a minimum and a maximum, and the point after which a message is
 * given up: the queue lifetime, or the sender's {@code PR_LATEST_DELIVERY_TIME} / {@code
 * PR_EXPIRY_TIME} if earlier (R60, R67).
 */
final class RetryPolicy {
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

  static Instant latestDelivery(org.msgstore.PropertyView m) {
    return m.get(PropTag.PR_LATEST_DELIVERY_TIME);
  }

  static Instant expiry(org.msgstore.PropertyView m) {
    return m.get(PropTag.PR_EXPIRY_TIME);
  }
}
