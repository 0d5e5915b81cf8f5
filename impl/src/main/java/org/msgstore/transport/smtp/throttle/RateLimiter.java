package org.msgstore.transport.smtp.throttle;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
 *
 * <p>Turns follow the priority lanes of the queue: a message that finds the turns ahead reserved
 * for messages of a lower lane (a non-urgent backlog held for a domain) takes the soonest of them,
 * and the message it displaces gets the next free turn, at the end of the line. So the rate holds
 * (no turn is added), an urgent message waits as if the lower lanes' backlog were not there, and
 * the displaced message is held once more when it comes back at its old turn.
 */
final class RateLimiter {
  static final Duration FORGET_AFTER = Duration.ofMinutes(10);

  private final Rate rate;
  private final IntSupplier nodes;

  /** When the next free turn is, in nanoseconds of the epoch. */
  private long onTime = Long.MIN_VALUE;

  /** Turns reserved, by message key. */
  private final Map<String, Turn> reserved = new HashMap<>();

  /**
   * The same turns by lane (index lane + 1), each by its instant: no two turns of one limiter share
   * an instant, they are {@code interval} apart.
   */
  private final List<TreeMap<Long, String>> lanes =
      List.of(new TreeMap<>(), new TreeMap<>(), new TreeMap<>());

  /** A reserved turn, in nanoseconds of the epoch, and the lane of the message it is kept for. */
  private record Turn(long at, int lane) {}

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

  /** {@link #take(String, int, Instant)} for a message of the normal lane. */
  synchronized Duration take(String key, Instant now) {
    return take(key, 0, now);
  }

  /**
   * Null when the message with {@code key} may go at {@code now} (a turn is taken for it, or its
   * reserved turn has come), else how long until its reserved turn. {@code lane}: +1 urgent, 0
   * normal, -1 non-urgent, as the queue ranks it.
   */
  synchronized Duration take(String key, int lane, Instant now) {
    long t = nanos(now);
    long interval = rate.intervalNanos(nodes());
    Turn mine = reserved.get(key);
    if (mine != null) {
      if (mine.at() - t <= interval) {
        release(key);
        return null;
      }
      return Duration.ofNanos(mine.at() - t); // came back early (another limit's turn)
    }
    forgetOld(t);
    long free = Math.max(onTime, t);
    onTime = free + interval;
    long at = free;
    Map.Entry<Long, String> lower =
        free - t <= interval ? null : soonestBelow(Integer.signum(lane), t);
    if (lower != null && lower.getKey() < free) {
      // Takes the lower lane's soonest turn; the message it was kept for goes to the end of the
      // line.
      at = lower.getKey();
      int itsLane = release(lower.getValue()).lane();
      reserve(lower.getValue(), free, itsLane);
    }
    if (at - t <= interval) {
      return null;
    }
    reserve(key, at, Integer.signum(lane));
    return Duration.ofNanos(at - t);
  }

  /**
   * The soonest turn from {@code t} on reserved for a message of a lane below {@code lane}, or
   * null. Never a turn already past: its message did not come back here (another server sent it, or
   * it was held or cancelled), and sending now in its place would add a send to the turns already
   * given out, over the rate.
   */
  private Map.Entry<Long, String> soonestBelow(int lane, long t) {
    Map.Entry<Long, String> soonest = null;
    for (int l = -1; l < lane; l++) {
      Map.Entry<Long, String> first = lanes.get(l + 1).ceilingEntry(t);
      if (first != null && (soonest == null || first.getKey() < soonest.getKey())) {
        soonest = first;
      }
    }
    return soonest;
  }

  private void reserve(String key, long at, int lane) {
    reserved.put(key, new Turn(at, lane));
    lanes.get(lane + 1).put(at, key);
  }

  private Turn release(String key) {
    Turn turn = reserved.remove(key);
    lanes.get(turn.lane() + 1).remove(turn.at());
    return turn;
  }

  private void forgetOld(long t) {
    long before = t - FORGET_AFTER.toNanos();
    for (TreeMap<Long, String> lane : lanes) {
      while (!lane.isEmpty() && lane.firstKey() < before) {
        reserved.remove(lane.pollFirstEntry().getValue());
      }
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
