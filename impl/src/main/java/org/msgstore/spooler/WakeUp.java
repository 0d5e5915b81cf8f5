package org.msgstore.spooler;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * The dispatcher's doorbell: a commit notification or {@link Spooler#stop()} rings it, so an idle
 * loop looks at the queue at once instead of at the next poll. A ring is kept until taken.
 */
final class WakeUp {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition rung = lock.newCondition();
  private boolean woken;

  void ring() {
    lock.lock();
    try {
      woken = true;
      rung.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Whether it rang since the last look; clears the ring. */
  boolean take() {
    lock.lock();
    try {
      boolean was = woken;
      woken = false;
      return was;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until it rings, {@code stopping} holds, or {@code timeout} passed; clears the ring and
   * returns whether it rang.
   */
  boolean await(Duration timeout, BooleanSupplier stopping) throws InterruptedException {
    lock.lock();
    try {
      long nanos = timeout.toNanos();
      while (!woken && !stopping.getAsBoolean() && nanos > 0) {
        nanos = rung.awaitNanos(nanos);
      }
      boolean was = woken;
      woken = false;
      return was;
    } finally {
      lock.unlock();
    }
  }
}
