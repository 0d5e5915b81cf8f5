package org.msgstore.bench;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Urgent mail behind a bulk send (issue 18): {@code bulk} messages at one priority are queued, all
 * due at one instant after the fill (PR_DEFERRED_SEND_TIME, as {@link Backlog}), so the spooler
 * meets the whole backlog at once; from that instant, while the bulk drains, probes at another
 * priority are submitted paced open loop at {@code probeRate} per second, each its own transaction,
 * until the sink has accepted as many messages as the bulk holds. The probes' commit→accepted
 * latencies ({@link Latencies}: the bulk is not stamped) say how long a message of their priority
 * waits behind the bulk; the drain rate says what the bulk costs meanwhile.
 */
final class Priority {
  private static final int PER_TRANSACTION = 200;
  private static final int FILL_THREADS = 4;

  /** The drain and the last probes' delivery must end within this, or the row says what is left. */
  private static final long DRAIN_TIMEOUT_MS = 1_200_000;

  record Plan(
      int bulk, int bulkPriority, int probePriority, double probeRate, double fillMsPerMessage) {}

  record Result(
      double fillSeconds,
      long probes,
      Latencies.Summary latency,
      double drainSeconds,
      double perSecond,
      String load,
      String note) {}

  private Priority() {}

  static Result run(PriorityWork work, Plan plan) throws InterruptedException {
    Latencies.reset();
    long before = SinkCounter.accepted();
    long start = System.currentTimeMillis();
    long dueMs = start + 5_000 + (long) (plan.bulk() * plan.fillMsPerMessage());
    long bulk = fill(work, plan, Instant.ofEpochMilli(dueMs));
    long fillEnd = System.currentTimeMillis();
    StringBuilder note = new StringBuilder();
    if (fillEnd > dueMs) {
      note.append("the fill ran ")
          .append(fillEnd - dueMs)
          .append(" ms past the due instant (raise fillMsPerMessage); ");
    }
    if (bulk < plan.bulk()) {
      note.append(plan.bulk() - bulk).append(" bulk messages failed to submit; ");
    }
    while (System.currentTimeMillis() < dueMs) {
      Thread.sleep(5);
    }
    long early = SinkCounter.accepted() - before;
    if (early > 0) {
      note.append(early).append(" messages reached the sink before the due instant; ");
    }

    long probes = 0;
    long probeErrors = 0;
    String firstError = null;
    long paceStart = System.nanoTime();
    long deadline = dueMs + DRAIN_TIMEOUT_MS;
    while (System.currentTimeMillis() < deadline) {
      long at = paceStart + (long) ((probes + probeErrors) * 1e9 / plan.probeRate());
      for (long wait = at - System.nanoTime(); wait > 0; wait = at - System.nanoTime()) {
        LockSupport.parkNanos(wait);
      }
      if (SinkCounter.accepted() - before >= bulk) {
        break; // the sink has as many as the bulk: the drain is over
      }
      long n = Driver.SEQUENCE.incrementAndGet();
      try {
        work.probe(n, plan.probePriority());
        probes++;
      } catch (RuntimeException e) {
        probeErrors++;
        if (firstError == null) {
          firstError = String.valueOf(e);
        }
      }
    }
    long total = bulk + probes;
    long accepted = SinkCounter.accepted() - before;
    while (accepted < total && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
      accepted = SinkCounter.accepted() - before;
    }
    double drain = (System.currentTimeMillis() - dueMs) / 1000.0;
    if (accepted < total) {
      note.append("only ")
          .append(accepted)
          .append(" of ")
          .append(total)
          .append(" reached the sink; ");
    } else {
      Latencies.awaitStamps(5_000);
    }
    if (probeErrors > 0) {
      note.append(probeErrors).append(" probes failed: ").append(firstError).append("; ");
    }
    Latencies.Summary latency = Latencies.summary();
    if (latency.missing() > 0) {
      note.append(latency.missing()).append(" probes had no sink timestamp; ");
    }
    return new Result(
        (fillEnd - start) / 1000.0,
        probes,
        latency,
        drain,
        accepted < total ? Double.NaN : total / drain,
        Stats.loadAverage(),
        note.isEmpty() ? null : note.substring(0, note.length() - 2));
  }

  /** Queues the bulk on a few threads; returns how many were committed. */
  private static long fill(PriorityWork work, Plan plan, Instant due) throws InterruptedException {
    int transactions = (plan.bulk() + PER_TRANSACTION - 1) / PER_TRANSACTION;
    AtomicInteger next = new AtomicInteger();
    AtomicLong committed = new AtomicLong();
    AtomicReference<RuntimeException> failure = new AtomicReference<>();
    Workers.runAll(
        FILL_THREADS,
        "bench-bulk",
        t ->
            () -> {
              for (int i = next.getAndIncrement();
                  i < transactions && failure.get() == null;
                  i = next.getAndIncrement()) {
                int count = Math.min(PER_TRANSACTION, plan.bulk() - i * PER_TRANSACTION);
                long first = Driver.SEQUENCE.getAndAdd(count) + 1;
                try {
                  work.bulk(first, count, due, plan.bulkPriority());
                  committed.addAndGet(count);
                } catch (RuntimeException e) {
                  failure.compareAndSet(null, e);
                }
              }
            });
    return committed.get();
  }
}
