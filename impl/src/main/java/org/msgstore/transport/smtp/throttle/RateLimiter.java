package org.msgstore.transport.smtp.throttle;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * One rate limit on one server: its share of the cluster's rate, {@code rate / liveNodes}, as a
 * generic cell rate algorithm (a token bucket that holds two messages: one on time and one early,
 * so a message that comes a little late because the spooler was busy does not cost the rate).
 *
 * <p>A message that finds no turn free now is given the next free one, reserved for it by its key
 * (the message's id): it is told how long until then, goes back to the queue, and when it comes
 * back at (or after) its turn it goes without taking another. So each message takes exactly one
 * turn however often it is claimed, and the messages held back come back spread at the rate, one
 * turn each, rather than all at once. A reservation the message never comes back for on this server
 * (another server claimed it) is dropped after {@link #FORGET_AFTER}: its turn is lost, the cluster
 * then sends below its rate for that turn, never above it.
 */
final class RateLimiter {
  static final Duration FORGET_AFTER = Duration.ofMinutes(10);

  private final Rate rate;
  private final IntSupplier nodes;

  /** When the next free turn is, in nanoseconds of the epoch. */
  private long onTime = Long.MIN_VALUE;

  /** Turns reserved, by message key, in the order given (so in the order of their turns). */
  private final Map<String, Long> reserved = new LinkedHashMap<>();

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
   * Null when the message with {@code key} may go at {@code now} (a turn is taken for it, or its
   * reserved turn has come), else how long until its reserved turn.
   */
  synchronized Duration take(String key, Instant now) {
    long t = nanos(now);
    long interval = rate.intervalNanos(nodes());
    Long mine = reserved.remove(key);
    if (mine != null) {
      if (mine - t <= interval) {
        return null;
      }
      reserved.put(key, mine); // came back early (another limit's turn): keeps its own
      return Duration.ofNanos(mine - t);
    }
    forgetOld(t);
    long at = Math.max(onTime, t);
    onTime = at + interval;
    if (at - t <= interval) {
      return null;
    }
    reserved.put(key, at);
    return Duration.ofNanos(at - t);
  }

  private void forgetOld(long t) {
    long before = t - FORGET_AFTER.toNanos();
    for (Iterator<Long> i = reserved.values().iterator(); i.hasNext(); ) {
      if (i.next() >= before) {
        return;
      }
      i.remove();
    }
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
