package org.msgstore.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;

/**
 * Runs one measurement: {@code concurrency} plain threads call one unit of work (an EJB method, a
 * JTA transaction each), timing each call including its commit, until the time is up or the message
 * budget is spent; then, for the paths that deliver later, waits until smtp-sink has accepted as
 * many messages as were committed. Messages are counted at the sink, so runs must not overlap (the
 * resource runs them one at a time).
 *
 * <p>Closed loop by default: each thread calls again as soon as its call returns. With a rate the
 * load is open loop: call k is due at start + k / rate whatever the earlier calls did, and a thread
 * that is late calls at once, so a slow commit does not lower the offered load.
 */
final class Driver {
  static final AtomicLong SEQUENCE = new AtomicLong();

  /** maxMessages 0: no budget; ratePerSecond 0: closed loop. */
  record Plan(
      int concurrency,
      double seconds,
      long maxMessages,
      double ratePerSecond,
      double drainTimeoutSeconds) {}

  record Result(
      long committed,
      long errors,
      double seconds,
      double txPerSecond,
      double p50Ms,
      double p99Ms,
      double endToEndSeconds,
      double endToEndPerSecond,
      double sessionsPerMessage,
      Latencies.Summary latency,
      Cpu.Usage cpu,
      String load,
      String firstError) {}

  private Driver() {}

  static Result run(LongConsumer work, Plan plan) throws InterruptedException {
    Latencies.reset();
    long[] before = SinkCounter.counts();
    long baseline = before[1];
    Cpu.Snapshot cpuBefore = Cpu.now();
    Stats.Longs[] latencies = new Stats.Longs[plan.concurrency()];
    AtomicLong errors = new AtomicLong();
    AtomicLong tickets = new AtomicLong();
    long budget = plan.maxMessages() > 0 ? plan.maxMessages() : Long.MAX_VALUE;
    String[] firstError = {null};
    long start = System.nanoTime();
    long deadline = start + (long) (plan.seconds() * 1e9);
    Workers.runAll(
        plan.concurrency(),
        "bench-worker",
        t -> {
          Stats.Longs mine = latencies[t] = new Stats.Longs();
          return () -> {
            while (System.nanoTime() < deadline) {
              long k = tickets.getAndIncrement();
              if (k >= budget) {
                return;
              }
              if (plan.ratePerSecond() > 0) {
                long due = start + (long) (k * 1e9 / plan.ratePerSecond());
                if (due >= deadline) {
                  return;
                }
                for (long wait = due - System.nanoTime();
                    wait > 0;
                    wait = due - System.nanoTime()) {
                  LockSupport.parkNanos(wait);
                }
              }
              long n = SEQUENCE.incrementAndGet();
              long t0 = System.nanoTime();
              try {
                work.accept(n);
                mine.add(System.nanoTime() - t0);
              } catch (RuntimeException e) {
                if (errors.getAndIncrement() == 0) {
                  firstError[0] = String.valueOf(e);
                }
              }
            }
          };
        });
    long submitEnd = System.nanoTime();
    int total = Arrays.stream(latencies).mapToInt(l -> l.size).sum();
    long[] all = new long[total];
    int at = 0;
    for (Stats.Longs l : latencies) {
      System.arraycopy(l.values, 0, all, at, l.size);
      at += l.size;
    }
    Arrays.sort(all);
    double submitSeconds = (submitEnd - start) / 1e9;
    // End to end: first submit → the sink has accepted every committed message.
    long drainDeadline = submitEnd + (long) (plan.drainTimeoutSeconds() * 1e9);
    long accepted = SinkCounter.accepted() - baseline;
    while (accepted < total && System.nanoTime() < drainDeadline) {
      Thread.sleep(5);
      accepted = SinkCounter.accepted() - baseline;
    }
    double e2e = (System.nanoTime() - start) / 1e9;
    Cpu.Usage cpu = Cpu.now().minus(cpuBefore, total);
    long sessions = SinkCounter.counts()[0] - before[0];
    boolean drained = accepted >= total;
    if (drained) {
      Latencies.awaitStamps(2_000);
    }
    return new Result(
        total,
        errors.get(),
        submitSeconds,
        total / submitSeconds,
        Stats.percentileMs(all, 50),
        Stats.percentileMs(all, 99),
        drained ? e2e : Double.NaN,
        drained ? total / e2e : Double.NaN,
        total == 0 ? Double.NaN : (double) sessions / total,
        Latencies.summary(),
        cpu,
        Stats.loadAverage(),
        drained
            ? firstError[0]
            : "only " + accepted + " of " + total + " reached the sink; " + firstError[0]);
  }

  static String fmt(double v) {
    return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, v >= 100 ? "%.0f" : "%.1f", v);
  }
}
