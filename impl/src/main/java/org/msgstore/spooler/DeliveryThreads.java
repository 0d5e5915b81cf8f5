package org.msgstore.spooler;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.msgstore.store.SpoolerSession;

/**
 * The spooler's delivery threads: a fixed set of workers, each with a store connection of its own,
 * run on the executor (in the server: the connector's WorkManager). Waits for a free thread or for
 * threads to finish end when one comes back, when {@link #nudge()} asks to look again, or when the
 * store clock passes their deadline: leases lapse by that clock, so a lease is measured by it too.
 */
final class DeliveryThreads {
  /** One delivery thread's connection, its spooler view of the store, and its delivery logic. */
  record Worker(SpoolerConnection connection, SpoolerSession session, MessageDelivery delivery) {}

  private final Executor executor;
  private final List<Worker> workers;
  private final Clock clock;
  private final Deque<Worker> idle;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();

  DeliveryThreads(Executor executor, List<Worker> workers, Clock clock) {
    this.executor = executor;
    this.workers = List.copyOf(workers);
    this.clock = clock;
    this.idle = new ArrayDeque<>(workers);
  }

  int size() {
    return workers.size();
  }

  /** A free worker, or null when none came free before the clock passed {@code deadline}. */
  Worker take(Instant deadline) throws InterruptedException {
    lock.lock();
    try {
      return await(() -> !idle.isEmpty(), deadline) ? idle.poll() : null;
    } finally {
      lock.unlock();
    }
  }

  /** Returns a worker taken but not used. */
  void giveBack(Worker w) {
    lock.lock();
    try {
      idle.add(w);
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Runs {@code work} on {@code w}'s thread; {@code w} is free again afterwards, and {@code then}
   * runs as it comes back, before any waiter looks. When the executor refuses the work (a
   * WorkManager may), {@code w} and {@code then} are handled at once and the refusal is thrown.
   */
  void run(Worker w, Runnable work, Runnable then) {
    try {
      executor.execute(
          () -> {
            try {
              work.run();
            } finally {
              comeBack(w, then);
            }
          });
    } catch (RuntimeException refused) {
      comeBack(w, then);
      throw refused;
    }
  }

  private void comeBack(Worker w, Runnable then) {
    lock.lock();
    try {
      idle.add(w);
      then.run();
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Whether every worker is free before the clock passes {@code deadline}. */
  boolean awaitAllIdle(Instant deadline) throws InterruptedException {
    return await(() -> idle.size() == workers.size(), deadline);
  }

  /**
   * Whether {@code done} holds before the clock passes {@code deadline}; it is looked at each time
   * a worker comes back or {@link #nudge()} is called. The wait also ends once as much real time
   * has passed as the clock showed left at its start: a clock that stands still (a test's) or is
   * stepped back must not make it endless.
   */
  boolean await(BooleanSupplier done, Instant deadline) throws InterruptedException {
    lock.lock();
    try {
      long realDeadline = System.nanoTime() + Duration.between(clock.instant(), deadline).toNanos();
      while (!done.getAsBoolean()) {
        long left =
            Math.min(
                Duration.between(clock.instant(), deadline).toNanos(),
                realDeadline - System.nanoTime());
        if (left <= 0) {
          return false;
        }
        changed.awaitNanos(left);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Ends the waits in progress so that they look at the clock and their condition again. */
  void nudge() {
    lock.lock();
    try {
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  void close() {
    workers.forEach(w -> w.connection().close());
  }
}
