package org.msgstore.bench;

import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Commit → accepted latency per message. The unit of work registers its message number with the
 * transaction; when the transaction has committed (afterCompletion, STATUS_COMMITTED) the commit
 * instant is kept. {@link SinkDump} keeps the instant smtp-sink dumped the message with that number
 * (its Subject). Both are System.nanoTime of this JVM, so they compare directly. A measurement
 * resets both maps before it starts and reads them after everything it committed was accepted.
 */
final class Latencies {
  record Summary(long matched, long missing, double p50Ms, double p99Ms, double maxMs) {}

  private static final Map<Long, Long> COMMITTED = new ConcurrentHashMap<>();
  private static final Map<Long, Long> ACCEPTED = new ConcurrentHashMap<>();

  /** Notified at every acceptance stamp, for {@link #awaitStamps}. */
  private static final Object STAMPED = new Object();

  private Latencies() {}

  /** Called inside the transaction that sends message {@code n}. */
  static void trackCommit(TransactionSynchronizationRegistry registry, long n) {
    registry.registerInterposedSynchronization(
        new Synchronization() {
          @Override
          public void beforeCompletion() {}

          @Override
          public void afterCompletion(int status) {
            if (status == Status.STATUS_COMMITTED) {
              COMMITTED.put(n, System.nanoTime());
            }
          }
        });
  }

  static void accepted(long n, long nanos) {
    ACCEPTED.putIfAbsent(n, nanos);
    synchronized (STAMPED) {
      STAMPED.notifyAll();
    }
  }

  /**
   * Waits until every committed message has its acceptance stamp, but at most {@code timeoutMs}:
   * {@link SinkDump} reads the sink's dump behind the sink's own counter, so it may trail it.
   */
  static void awaitStamps(long timeoutMs) throws InterruptedException {
    long deadline = System.nanoTime() + timeoutMs * 1_000_000;
    synchronized (STAMPED) {
      while (!ACCEPTED.keySet().containsAll(COMMITTED.keySet())) {
        long leftMs = (deadline - System.nanoTime()) / 1_000_000;
        if (leftMs <= 0) {
          return; // the summary counts what is still missing
        }
        STAMPED.wait(leftMs);
      }
    }
  }

  static void reset() {
    COMMITTED.clear();
    ACCEPTED.clear();
  }

  /**
   * Latencies of every message committed since {@link #reset()}. A message the sink took before
   * afterCompletion ran (the spooler may deliver between the store's commit and the end of the
   * transaction) counts as 0 ms. Missing: committed but not seen at the sink.
   */
  static Summary summary() {
    long[] nanos = new long[COMMITTED.size()];
    int n = 0;
    long missing = 0;
    for (Map.Entry<Long, Long> e : COMMITTED.entrySet()) {
      Long accepted = ACCEPTED.get(e.getKey());
      if (accepted == null) {
        missing++;
      } else if (n < nanos.length) {
        nanos[n++] = Math.max(0, accepted - e.getValue());
      }
    }
    long[] sorted = Arrays.copyOf(nanos, n);
    Arrays.sort(sorted);
    return new Summary(
        n,
        missing,
        Stats.percentileMs(sorted, 50),
        Stats.percentileMs(sorted, 99),
        n == 0 ? Double.NaN : sorted[n - 1] / 1e6);
  }
}
