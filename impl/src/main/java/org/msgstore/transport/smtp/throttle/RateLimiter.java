package org.msgstore.transport.smtp.throttle;

import java.time.Duration;
import java.time.Instant;
import java.util.function.IntSupplier;

/**
 * One rate limit on one server: its share of the cluster's rate, {@code rate / liveNodes}, as a
 * generic cell rate algorithm (a token bucket that holds two messages: one on time and one early,
 * so a message that comes a little late because the spooler was busy does not cost the rate).
 *
 * <p>A message refused a turn is told when to come back, and the next one refused is told one
 * interval later: the messages held back form a line, so they come back spread at the rate rather
 * than all at once (each comes back through the queue, with no thread waiting for it). A message
 * that comes back at its turn and finds the turn taken by another (a fresh one) goes to the end of
 * the line.
 */
final class RateLimiter {
  private final Rate rate;
  private final IntSupplier nodes;

  /** When the next message is on time, in nanoseconds of the epoch. */
  private long onTime = Long.MIN_VALUE;

  /** When the line of messages held back ends, in nanoseconds of the epoch. */
  private long lineEnd = Long.MIN_VALUE;

  RateLimiter(Rate rate, IntSupplier nodes) {
    this.rate = rate;
    this.nodes = nodes;
  }

  Rate rate() {
    return rate;
  }

  int nodes() {
    return Math.max(1, nodes.getAsInt());
  }

  /**
   * Null when a message may go at {@code now} (its turn is taken), else how long until its turn.
   */
  synchronized Duration take(Instant now) {
    long t = nanos(now);
    long interval = rate.intervalNanos(nodes());
    long at = Math.max(onTime, t);
    if (at - t <= interval) {
      onTime = at + interval;
      return null;
    }
    long turn = Math.max(lineEnd, at - interval);
    lineEnd = turn + interval;
    return Duration.ofNanos(turn - t);
  }

  /** When the next message may go, as of now. */
  synchronized Instant nextFree(Instant now) {
    long interval = rate.intervalNanos(nodes());
    long free = Math.max(nanos(now), onTime - interval);
    return Instant.ofEpochSecond(0, free);
  }

  private static long nanos(Instant i) {
    return i.getEpochSecond() * 1_000_000_000L + i.getNano();
  }
}
