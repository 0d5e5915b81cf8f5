package org.msgstore.spooler;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The earliest moment a message that a transport's flow control held back is due again. Such a
 * message comes back within seconds (its turn at a rate limit, a relay's pause), far sooner than
 * the queue poll, so the loop looks at the queue then too: without it a rate of 20/s would be
 * served once per {@code spoolerPollIntervalMs}.
 */
final class DueAgain {
  private final Runnable earlier;
  private Instant earliest;

  /**
   * @param earlier run when a due time earlier than all known ones arrives, so that a loop waiting
   *     for a later one recomputes its wait
   */
  DueAgain(Runnable earlier) {
    this.earlier = earlier;
  }

  void note(Instant due) {
    boolean sooner;
    synchronized (this) {
      sooner = earliest == null || due.isBefore(earliest);
      if (sooner) {
        earliest = due;
      }
    }
    if (sooner) {
      earlier.run();
    }
  }

  /** Whether the earliest due time has come by {@code clock}; forgets it if so. */
  synchronized boolean passed(Clock clock) {
    if (earliest != null && !clock.instant().isBefore(earliest)) {
      earliest = null;
      return true;
    }
    return false;
  }

  /** How long until the earliest due time by {@code clock} (zero if passed), or null if none. */
  synchronized Duration left(Clock clock) {
    if (earliest == null) {
      return null;
    }
    Duration d = Duration.between(clock.instant(), earliest);
    return d.isNegative() ? Duration.ZERO : d;
  }
}
