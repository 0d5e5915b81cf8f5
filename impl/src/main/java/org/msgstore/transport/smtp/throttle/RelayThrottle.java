package org.msgstore.transport.smtp.throttle;

import java.time.Duration;
import java.time.Instant;

/**
 * How hard one relay may be driven now: its sessions in use, and a pause after it asked to slow
 * down. Additive increase, multiplicative decrease, as TCP does with its window:
 *
 * <ul>
 *   <li>a slow-down (a {@code 421}/{@code 454} reply, a refused connection) halves the sessions
 *       this server uses at once (at least one) and pauses the relay: 1 s the first time, doubling
 *       at each slow-down in a row, up to 5 minutes. Sends already under way when it came that
 *       report the same slow-down do not halve it again;
 *   <li>each {@link #RECOVERY_STEP} messages the relay then answers (accepted or refused with a
 *       reply: it is taking mail again) give back one session, up to {@code smtpSessions}; with all
 *       of them back the relay has recovered and the next pause starts at 1 s again.
 * </ul>
 *
 * <p>Nothing waits here: a message that may not go now is told when to come back (its turn), and
 * the spooler gives its thread to another message meanwhile.
 */
final class RelayThrottle {
  static final Duration FIRST_PAUSE = Duration.ofSeconds(1);
  static final Duration MAX_PAUSE = Duration.ofMinutes(5);
  static final int RECOVERY_STEP = 10;

  /**
   * The least time between two messages held back for this relay: their turns are spread by the
   * time a send takes, divided by the sessions allowed, and never closer than this.
   */
  static final long MIN_SPACING_NANOS = Duration.ofMillis(20).toNanos();

  private final String name;
  private final int maxSessions;

  private final RateLimiter rate;

  private int allowed;
  private int inFlight;
  private Instant pausedUntil;
  private Duration nextPause = FIRST_PAUSE;
  private int answeredSinceStep;
  private long round;
  private long backOffs;
  private long avgSendNanos = Duration.ofMillis(50).toNanos();
  private Instant lineEnd = Instant.MIN;

  /**
   * @param rate the relay's own rate limit (smtpRelayRates), or null
   */
  RelayThrottle(String name, int maxSessions, RateLimiter rate) {
    this.name = name;
    this.maxSessions = maxSessions;
    this.allowed = maxSessions;
    this.rate = rate;
  }

  String name() {
    return name;
  }

  /** A send that was let through; give it back with {@link #done}. */
  record Entry(long round, long startedNanos) {}

  /**
   * What the relay says to one more message now.
   *
   * @param entry set when it may go
   * @param turn otherwise how long until it is its turn
   * @param reason otherwise why it waits
   */
  record Admission(Entry entry, Duration turn, String reason) {}

  synchronized Admission enter(String message, Instant now) {
    if (pausedUntil != null && now.isBefore(pausedUntil)) {
      return held(
          now, pausedUntil, "relay " + name + " asked to slow down; paused until " + pausedUntil);
    }
    // With all its sessions allowed, a send waits for a busy one in the session pool as it always
    // did (every message goes to this relay, so none could overtake); after a back-off the sends
    // beyond the fewer sessions are held back instead, and their threads go on with other work.
    if (allowed < maxSessions && inFlight >= allowed) {
      return held(
          now,
          now.plusNanos(spacing()),
          "all "
              + allowed
              + " session(s) this server uses with relay "
              + name
              + " now are busy (back to "
              + maxSessions
              + " as it recovers)");
    }
    if (rate != null) {
      Duration w = rate.take(message, now);
      if (w != null) {
        return new Admission(
            null,
            w,
            "waiting for its turn at relay "
                + name
                + "'s rate "
                + share(rate)
                + " (smtpRelayRates)");
      }
    }
    inFlight++;
    return new Admission(new Entry(round, System.nanoTime()), null, null);
  }

  /**
   * Ends a send of {@code e}.
   *
   * @param slowDown what the relay said to slow down with, or null
   * @param answered whether the relay answered (a reply, not a timeout or a broken connection)
   * @return with a slow-down, how long the message waits for its next turn; else null
   */
  synchronized Duration done(Entry e, Instant now, String slowDown, boolean answered) {
    inFlight--;
    if (slowDown != null) {
      if (e.round() == round) {
        round++;
        backOffs++;
        int before = allowed;
        allowed = Math.max(1, allowed / 2);
        pausedUntil = now.plus(nextPause);
        ThrottleLog.backedOff(name, slowDown, before, allowed, nextPause, pausedUntil);
        nextPause =
            nextPause.multipliedBy(2).compareTo(MAX_PAUSE) > 0
                ? MAX_PAUSE
                : nextPause.multipliedBy(2);
        answeredSinceStep = 0;
        lineEnd = pausedUntil;
      }
      Instant turn = pausedUntil != null && pausedUntil.isAfter(now) ? pausedUntil : now;
      return held(now, turn, slowDown).turn();
    }
    if (answered) {
      long took = System.nanoTime() - e.startedNanos();
      avgSendNanos = (avgSendNanos * 7 + took) / 8;
      if (allowed < maxSessions && ++answeredSinceStep >= RECOVERY_STEP) {
        answeredSinceStep = 0;
        allowed++;
        if (allowed == maxSessions) {
          nextPause = FIRST_PAUSE;
          ThrottleLog.recovered(name, allowed);
        }
      }
    }
    return null;
  }

  /** A turn for a message held back: no sooner than {@code earliest}, after those held before. */
  private Admission held(Instant now, Instant earliest, String reason) {
    Instant turn = earliest.isAfter(lineEnd) ? earliest : lineEnd;
    lineEnd = turn.plusNanos(spacing());
    return new Admission(null, Duration.between(now, turn), reason);
  }

  private long spacing() {
    return Math.max(MIN_SPACING_NANOS, avgSendNanos / Math.max(1, allowed));
  }

  private static String share(RateLimiter r) {
    int n = r.nodes();
    return n == 1 ? r.rate().toString() : r.rate() + " shared by " + n + " servers";
  }

  synchronized FlowView.Relay view(Instant now) {
    return new FlowView.Relay(
        name,
        maxSessions,
        allowed,
        inFlight,
        pausedUntil != null && pausedUntil.isAfter(now) ? pausedUntil : null,
        rate == null ? null : rate.rate().toString(),
        rate == null ? 0 : rate.rate().perSecond(rate.nodes()),
        backOffs);
  }
}
