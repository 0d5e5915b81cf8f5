package org.msgstore.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.msgstore.FolderKind;
import org.msgstore.Message;
import org.msgstore.PropTag;
import org.msgstore.RecipientType;
import org.msgstore.spi.OutboundMessage;
import org.msgstore.spi.OutboundRecipient;
import org.msgstore.spooler.Spooler;
import org.msgstore.spooler.SpoolerSettings;
import org.msgstore.testing.AcceptingSmtpTransport;
import org.msgstore.testing.PlainConnection;

/**
 * Commit→accepted latency across two servers on one PostgreSQL store (RELIABILITY.md / issue 19,
 * "Submit-only and spooler nodes"): a submit-only store (its own connections, as a web server with
 * {@code spoolerEnabled=false}) queues messages at a steady rate; a spooler on a second store
 * delivers them to an accepting transport. Run once with the queue signal (NOTIFY/LISTEN) and once
 * with the poll alone, same poll interval, side by side.
 *
 * <p>The first {@value #WARM_UP_SECONDS} seconds of each run are not counted.
 *
 * <p>Not a test: the name keeps it out of {@code mvn verify}. Run by {@code
 * benchmarks/cross-node-wakeup.sh}; system properties {@code bench.rates} ("20 100 200"
 * messages/s), {@code bench.seconds} (10 per rate), {@code bench.pollMs} (1000), {@code bench.out}
 * (a file the table is appended to).
 */
class CrossNodeWakeUpBenchmark {
  /** Sent first and not counted: the first deliveries load and compile the delivery path. */
  static final int WARM_UP_SECONDS = 3;

  /** Delivery threads, as the adapter's default (spoolerThreads). */
  static final int THREADS = 4;

  @Test
  void commit_to_accepted_across_two_servers() throws Exception {
    int[] rates =
        Arrays.stream(System.getProperty("bench.rates", "20 100 200").trim().split("\\s+"))
            .mapToInt(Integer::parseInt)
            .toArray();
    int seconds = Integer.getInteger("bench.seconds", 10);
    Duration poll = Duration.ofMillis(Integer.getInteger("bench.pollMs", 1000));
    StringBuilder table =
        new StringBuilder(
            "| messages/s | wake-up | messages | p50 ms | p90 ms | p99 ms | max ms |\n"
                + "|---:|---|---:|---:|---:|---:|---:|\n");
    for (int rate : rates) {
      for (boolean signal : new boolean[] {true, false}) {
        long[] latencies = run(rate, seconds, poll, signal);
        Arrays.sort(latencies);
        table.append(
            String.format(
                "| %d | %s | %d | %.1f | %.1f | %.1f | %.1f |%n",
                rate,
                signal ? "NOTIFY/LISTEN" : "poll " + poll.toMillis() + " ms",
                latencies.length,
                ms(latencies, 0.50),
                ms(latencies, 0.90),
                ms(latencies, 0.99),
                latencies[latencies.length - 1] / 1e6));
      }
    }
    System.out.print(table);
    String out = System.getProperty("bench.out");
    if (out != null) {
      Files.writeString(Path.of(out), table, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
  }

  private static double ms(long[] sorted, double q) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
  }

  /** Latencies in ns, commit returned → the transport accepted, of rate × seconds messages. */
  private static long[] run(int rate, int seconds, Duration poll, boolean signal) throws Exception {
    StoreSettings db = StoreDatabase.POSTGRESQL.newDatabase(null);
    int warmUp = rate * WARM_UP_SECONDS;
    int total = warmUp + rate * seconds;
    long[] committedAt = new long[total];
    long[] acceptedAt = new long[total];
    CountDownLatch all = new CountDownLatch(total);
    AcceptingSmtpTransport timing =
        new AcceptingSmtpTransport() {
          @Override
          protected void accepted(OutboundMessage m, OutboundRecipient r) {
            String local = r.address().substring(0, r.address().indexOf('@'));
            acceptedAt[Integer.parseInt(local.substring(3))] = System.nanoTime();
            all.countDown();
          }
        };
    ExecutorService deliveries = Executors.newFixedThreadPool(THREADS);
    try (MessageStore submitOnly = MessageStore.open(db, Clock.systemUTC());
        MessageStore spoolerNode = MessageStore.open(db, Clock.systemUTC())) {
      Spooler spooler =
          new Spooler(
              spoolerNode,
              SpoolerSettings.builder("spooler-node")
                  .pollInterval(poll)
                  .lease(Duration.ofMinutes(2))
                  .maxQueueLifetime(Duration.ofDays(1))
                  .build(),
              List.of(timing),
              deliveries,
              THREADS);
      QueueListening listening = null;
      QueueAnnouncer announcer = null;
      if (signal) {
        listening = spoolerNode.queueSignal().orElseThrow().listening(spooler::wakeUp);
        listening.subscribeNow();
        announcer = submitOnly.queueSignal().orElseThrow().announcer();
        submitOnly.addQueueListener(announcer);
        start(listening, "listening");
        start(announcer, "announcing");
      }
      Thread loop = start(spooler::run, "spooler");
      try (Connection c = submitOnly.openConnection()) {
        MailboxSession shop = submitOnly.session(new PlainConnection(c), "shop");
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        long next = System.nanoTime();
        for (int i = 0; i < total; i++) {
          LockSupport.parkNanos(next - System.nanoTime());
          next += interval;
          try (Message m = shop.openFolder(FolderKind.OUTBOX).createMessage()) {
            m.set(PropTag.PR_SUBJECT, "order " + i);
            m.addRecipient(RecipientType.TO, "Bob", "SMTP", "bob" + i + "@example.com");
            m.submit(); // commits on its own: the connection is in auto-commit
          }
          committedAt[i] = System.nanoTime();
        }
      }
      if (!all.await(5, TimeUnit.MINUTES)) {
        throw new AssertionError("not every message was delivered: " + all.getCount() + " left");
      }
      spooler.stop();
      loop.join(30_000);
      spooler.close();
      if (signal) {
        listening.stop();
        announcer.stop();
      }
    } finally {
      deliveries.shutdown();
    }
    long[] latencies = new long[total - warmUp];
    for (int i = warmUp; i < total; i++) {
      // A delivery can end before the submitting thread reads the clock after its commit.
      latencies[i - warmUp] = Math.max(0, acceptedAt[i] - committedAt[i]);
    }
    return latencies;
  }

  private static Thread start(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    t.start();
    return t;
  }
}
