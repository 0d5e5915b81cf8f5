package org.msgstore.bench;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The delivery side alone: submits a fixed number of messages that all become due at one instant
 * after the submit phase (MsgStore: PR_DEFERRED_SEND_TIME; JMS: delivery delay; outbox: the row's
 * due column), waits for that instant and times the drain until the sink has accepted them all.
 * MsgStore's spooler and the outbox poller notice due messages at their next poll (every 1000 ms
 * here), so up to a second of their drain time is that poll, not delivery.
 */
final class Backlog {
  record Result(
      double submitSeconds,
      double drainSeconds,
      double perSecond,
      double sessionsPerMessage,
      Cpu.Usage cpu,
      String load,
      String note) {}

  private Backlog() {}

  static Result run(Work work, String path, int messages, int concurrency)
      throws InterruptedException {
    Latencies.reset();
    long[] before = SinkCounter.counts();
    Cpu.Snapshot cpuBefore = Cpu.now();
    long start = System.currentTimeMillis();
    // Room for the submit phase at ~250 tx/s plus 3 s; a run whose submit overlapped is flagged.
    long dueMs = start + 3000 + messages * 4L;
    Instant due = Instant.ofEpochMilli(dueMs);
    AtomicLong left = new AtomicLong(messages);
    AtomicLong committed = new AtomicLong();
    Workers.runAll(
        concurrency,
        "bench-backlog",
        t ->
            () -> {
              while (left.getAndDecrement() > 0) {
                long n = Driver.SEQUENCE.incrementAndGet();
                try {
                  switch (path) {
                    case "msgstore" -> work.msgstore(n, due);
                    case "outbox" -> work.outbox(n, due);
                    default -> work.jms(n, Math.max(0, dueMs - System.currentTimeMillis()));
                  }
                  committed.incrementAndGet();
                } catch (RuntimeException e) {
                  // counted by the difference between messages and committed
                }
              }
            });
    long submitEnd = System.currentTimeMillis();
    String note = null;
    if (submitEnd > dueMs) {
      note = "submit ran " + (submitEnd - dueMs) + " ms past the due instant";
    }
    while (System.currentTimeMillis() < dueMs) {
      Thread.sleep(5);
    }
    long early = SinkCounter.accepted() - before[1];
    if (early > 0 && note == null) {
      note = early + " messages reached the sink before the due instant";
    }
    long total = committed.get();
    long deadline = dueMs + 600_000;
    long accepted = SinkCounter.accepted() - before[1];
    while (accepted < total && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
      accepted = SinkCounter.accepted() - before[1];
    }
    double drain = (System.currentTimeMillis() - dueMs) / 1000.0;
    // Submit and delivery together: the CPU of both sides of the message, per 1,000.
    Cpu.Usage cpu = Cpu.now().minus(cpuBefore, total);
    long sessions = SinkCounter.counts()[0] - before[0];
    if (accepted < total) {
      note = "only " + accepted + " of " + total + " reached the sink";
    } else if (total < messages) {
      note = (messages - total) + " submits failed";
    }
    return new Result(
        (submitEnd - start) / 1000.0,
        drain,
        accepted < total ? Double.NaN : total / drain,
        total == 0 ? Double.NaN : (double) sessions / total,
        cpu,
        Stats.loadAverage(),
        note);
  }
}
