package org.msgstore.spooler;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Queue;
import java.util.function.BooleanSupplier;

/**
 * Hands claimed messages to free delivery threads: the one dispatcher of both the spooler's loop
 * and its single round. If no thread frees up within a lease, a transport hangs: the messages still
 * waiting are dropped and left to lapse with their leases, and the caller goes on. While it waits
 * for a thread it runs {@code whileWaiting} every {@code wakeEvery} (the node's heartbeat): a node
 * whose threads are all busy is alive, and must not look dead to a server started with its name.
 */
final class Dispatcher {
  private final DeliveryThreads threads;
  private final DeliveryRuns runs;
  private final Clock clock;
  private final Duration lease;
  private final BooleanSupplier stopping;
  private final Runnable interrupted;
  private final MessageDelivery.Events events;
  private final Duration wakeEvery;
  private final Runnable whileWaiting;

  /**
   * @param interrupted what to do when the dispatching thread is interrupted (the spooler stops)
   */
  Dispatcher(
      DeliveryThreads threads,
      DeliveryRuns runs,
      Clock clock,
      Duration lease,
      BooleanSupplier stopping,
      Runnable interrupted,
      MessageDelivery.Events events,
      Duration wakeEvery,
      Runnable whileWaiting) {
    this.threads = threads;
    this.runs = runs;
    this.clock = clock;
    this.lease = lease;
    this.stopping = stopping;
    this.interrupted = interrupted;
    this.events = events;
    this.wakeEvery = wakeEvery;
    this.whileWaiting = whileWaiting;
  }

  /**
   * A free delivery thread, or null when none comes within {@code limit} (by the clock, and by real
   * time, so a clock that stands still cannot make it endless); runs {@code whileWaiting} between
   * slices of {@code wakeEvery}.
   */
  private DeliveryThreads.Worker takeWithin(Duration limit) throws InterruptedException {
    Instant deadline = clock.instant().plus(limit);
    long realEnd = System.nanoTime() + limit.toNanos();
    while (true) {
      Instant slice = clock.instant().plus(wakeEvery);
      DeliveryThreads.Worker w = threads.take(slice.isBefore(deadline) ? slice : deadline);
      if (w != null || stopping.getAsBoolean()) {
        return w;
      }
      if (!clock.instant().isBefore(deadline) || System.nanoTime() - realEnd >= 0) {
        return null;
      }
      whileWaiting.run();
    }
  }

  /**
   * Starts the next free delivery thread on the oldest message of {@code from}; the thread may take
   * more from {@code from} itself, up to {@code runLimit} in all. {@code afterwards} runs once that
   * thread is done, or at once when nothing was started (stopping, nothing left, no free thread).
   * Returns when the message was handed out, or null when nothing was.
   */
  Instant dispatchNext(Queue<Claimed> from, int runLimit, Runnable afterwards) {
    DeliveryThreads.Worker w = null;
    if (!stopping.getAsBoolean()) {
      try {
        w = takeWithin(lease);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        interrupted.run();
      }
    }
    if (stopping.getAsBoolean()) {
      if (w != null) {
        threads.giveBack(w);
      }
      afterwards.run();
      return null;
    }
    if (w == null) {
      Claimed oldest = from.peek();
      events.emit(
          SpoolerEvent.Kind.UNEXPECTED_ERROR,
          oldest == null ? null : oldest.id(),
          "no delivery thread free within " + lease + "; a transport may hang");
      from.clear();
      afterwards.run();
      return null;
    }
    Claimed next = from.poll();
    if (next == null) { // the delivery threads took them all meanwhile
      threads.giveBack(w);
      afterwards.run();
      return null;
    }
    events.emit(SpoolerEvent.Kind.CLAIMED, next.id(), null);
    Instant handedOut = clock.instant();
    threads.run(w, runs.of(w, next, from, runLimit), afterwards);
    return handedOut;
  }
}
