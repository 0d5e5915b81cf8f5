package org.msgstore.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * When messages this server knows of come due: for its spooler, those a transport's flow control
 * held back (each at its own turn), those it deferred for a retry, and those submitted here to be
 * sent later ({@code PR_DEFERRED_SEND_TIME}); for a server without a spooler, those submitted here
 * to be sent later, which it announces to the others then ({@link QueueAnnouncer}). Without it a
 * rate of 20/s would be served once per {@code spoolerPollIntervalMs}, and a message deferred to
 * 9:00 would leave at the first poll after 9:00, up to 30 seconds late by default.
 *
 * <p>Times are kept to the millisecond (rounded up), so a batch deferred to one instant is one
 * entry; past {@link #LIMIT} distinct times the latest are forgotten, and the poll finds those
 * messages.
 */
public final class DueTimes {
  public static final int LIMIT = 10_000;

  private final Runnable earlier;

  /** Every due time not passed yet, earliest first. */
  private final java.util.TreeSet<Instant> due = new java.util.TreeSet<>();

  /**
   * @param earlier run when a due time earlier than all known ones arrives, so that a loop waiting
   *     for a later one recomputes its wait
   */
  public DueTimes(Runnable earlier) {
    this.earlier = earlier;
  }

  public void note(Instant at) {
    // Rounded up: woken a moment before its due time, the claim would not take it yet.
    Instant ms = at.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    if (ms.isBefore(at)) {
      ms = ms.plusMillis(1);
    }
    boolean sooner;
    synchronized (this) {
      sooner = due.isEmpty() || ms.isBefore(due.first());
      if (due.add(ms) && due.size() > LIMIT) {
        due.pollLast();
      }
    }
    if (sooner) {
      earlier.run();
    }
  }

  /** Whether a due time has come by {@code clock}; forgets those that have. */
  public synchronized boolean passed(Clock clock) {
    Instant now = clock.instant();
    boolean passed = false;
    while (!due.isEmpty() && !now.isBefore(due.first())) {
      due.pollFirst();
      passed = true;
    }
    return passed;
  }

  /** How long until the earliest due time by {@code clock} (zero if passed), or null if none. */
  public synchronized Duration left(Clock clock) {
    if (due.isEmpty()) {
      return null;
    }
    Instant earliest = due.first();
    Duration d = Duration.between(clock.instant(), earliest);
    return d.isNegative() ? Duration.ZERO : d;
  }
}
