package org.msgstore.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.msgstore.EntryId;

/**
 * Queue growth: fills the outgoing queue with {@code waiting} messages that are due only in a day
 * (PR_DEFERRED_SEND_TIME), so they stay queued and are never claimed, for the measurements that
 * then run beside them; and takes them out again (abortSubmit and delete) so the next cell starts
 * from an empty queue. Filling uses several messages per transaction and no business row: it
 * prepares the measurement, it is not one.
 */
final class Growth implements AutoCloseable {
  private static final int PER_TRANSACTION = 200;
  private static final int FILL_THREADS = 4;

  private final Work work;
  private final List<List<EntryId>> batches = new ArrayList<>();
  private double fillSeconds;
  private double removeSeconds;
  private int left;

  private Growth(Work work) {
    this.work = work;
  }

  static Growth fill(Work work, int waiting) throws InterruptedException {
    Growth g = new Growth(work);
    Instant due = Instant.now().plus(Duration.ofDays(1));
    long start = System.nanoTime();
    int transactions = (waiting + PER_TRANSACTION - 1) / PER_TRANSACTION;
    java.util.concurrent.atomic.AtomicInteger next =
        new java.util.concurrent.atomic.AtomicInteger();
    RuntimeException[] failure = {null};
    Workers.runAll(
        FILL_THREADS,
        "bench-fill",
        t ->
            () -> {
              for (int i = next.getAndIncrement();
                  i < transactions && failure[0] == null;
                  i = next.getAndIncrement()) {
                int count = Math.min(PER_TRANSACTION, waiting - i * PER_TRANSACTION);
                long first = Driver.SEQUENCE.getAndAdd(count) + 1;
                try {
                  List<EntryId> ids = work.fillWaiting(first, count, due);
                  synchronized (g.batches) {
                    g.batches.add(ids);
                  }
                } catch (RuntimeException e) {
                  failure[0] = e;
                }
              }
            });
    g.fillSeconds = (System.nanoTime() - start) / 1e9;
    if (failure[0] != null) {
      g.close();
      throw new IllegalStateException("filling the queue failed: " + failure[0], failure[0]);
    }
    return g;
  }

  double fillSeconds() {
    return fillSeconds;
  }

  double removeSeconds() {
    return removeSeconds;
  }

  @Override
  public void close() {
    long start = System.nanoTime();
    for (List<EntryId> ids : batches) {
      work.removeWaiting(ids);
    }
    batches.clear();
    removeSeconds = (System.nanoTime() - start) / 1e9;
    left = work.waitingLeft();
  }

  /**
   * Waiting messages still in the store after {@link #close()}; anything but 0 disturbs later
   * cells.
   */
  int left() {
    return left;
  }
}
