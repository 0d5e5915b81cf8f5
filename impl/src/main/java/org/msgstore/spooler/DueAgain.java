package org.msgstore.spooler;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * When the messages that a transport's flow control held back are due again (each at its own turn).
 * Such a message comes back within seconds (its turn at a rate limit, a relay's pause), far sooner
 * than the queue poll, so the loop looks at the queue then too: without it a rate of 20/s would be
 * served once per {@code spoolerPollIntervalMs}.
 */
final class DueAgain {
  private final Runnable earlier;

  /** Every due time not passed yet: each held message comes back at its own turn. */
  private final java.util.PriorityQueue<Instant> due = new java.util.PriorityQueue<>();

  /**
   * @param earlier run when a due time earlier than all known ones arrives, so that a loop waiting
   *     for a later one recomputes its wait
   */
  DueAgain(Runnable earlier) {
    this.earlier = earlier;
  }

  void note(Instant at) {
    boolean sooner;
    synchronized (this) {
      Instant earliest = due.peek();
      sooner = earliest == null || at.isBefore(earliest);
      due.add(at);
    }
    if (sooner) {
      earlier.run();
    }
  }

  /** Whether a due time has come by {@code clock}; forgets those that have. */
  synchronized boolean passed(Clock clock) {
    Instant now = clock.instant();
    boolean passed = false;
    while (!due.isEmpty() && !now.isBefore(due.peek())) {
      due.poll();
      passed = true;
    }
    return passed;
  }

  /** How long until the earliest due time by {@code clock} (zero if passed), or null if none. */
  synchronized Duration left(Clock clock) {
    Instant earliest = due.peek();
    if (earliest == null) {
      return null;
    }
    Duration d = Duration.between(clock.instant(), earliest);
    return d.isNegative() ? Duration.ZERO : d;
  }
}
