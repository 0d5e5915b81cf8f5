package org.msgstore.store;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What the queue-signal loops wait on: a ring (there is something to do), a stop, or the end of a
 * pause. A ring is kept until taken.
 */
final class Doorbell {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private boolean rung;
  private boolean stopped;

  void ring() {
    lock.lock();
    try {
      rung = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  void stop() {
    lock.lock();
    try {
      stopped = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  boolean stopped() {
    lock.lock();
    try {
      return stopped;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits up to {@code timeout} for a ring (taken) or a stop; whether it rang. With {@code
   * ringEndsWait} false, a ring does not end the wait (a pause after a failure) and stays set.
   */
  boolean await(Duration timeout, boolean ringEndsWait) throws InterruptedException {
    lock.lock();
    try {
      long nanos = timeout.toNanos();
      while (!stopped && !(ringEndsWait && rung) && nanos > 0) {
        nanos = changed.awaitNanos(nanos);
      }
      if (!ringEndsWait || stopped) {
        return false;
      }
      boolean was = rung;
      rung = false;
      return was;
    } finally {
      lock.unlock();
    }
  }

  /** The pause after {@code failures} failures in a row: 100 ms doubling, at most 30 s. */
  static Duration backoff(int failures) {
    return Duration.ofMillis(Math.min(30_000L, 100L << Math.min(failures, 9)));
  }
}
