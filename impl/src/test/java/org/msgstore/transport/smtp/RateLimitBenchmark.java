package org.msgstore.transport.smtp;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.XAConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.msgstore.FolderKind;
import org.msgstore.spooler.Spooler;
import org.msgstore.spooler.SpoolerEvent;
import org.msgstore.spooler.SpoolerSettings;
import org.msgstore.store.MailboxSession;
import org.msgstore.store.MessageStore;
import org.msgstore.testing.PlainConnection;
import org.msgstore.testing.TestMessage;
import org.msgstore.testing.TestStores;
import org.msgstore.testing.TestTransportContext;

/**
 * The rate-limit measurements of BENCHMARKS.md ("Rate limits"), in real time: the spooler's own
 * loop ({@link Spooler#run()}) with 4 delivery threads, the embedded H2 store, the SMTP transport
 * against the scripted SMTP server on loopback.
 *
 * <ol>
 *   <li><b>rate</b>: a backlog larger than a minute's worth, {@code smtpRate} set; the messages the
 *       relay accepted in each second of a minute (from the first acceptance; the time is when the
 *       transport has the relay's reply to the final dot): min, mean, max per second and the
 *       seconds outside ±10 % of the rate;
 *   <li><b>421</b>: the relay greets every session with 421 for 30 s, then takes mail; messages
 *       queued at the start: delivered, NDRs, attempts counted in the queue, sessions the relay saw
 *       during the 421s, tries per message (a send that reached the relay and got its 421, as
 *       opposed to a wait for the relay's pause) and the time from the relay's recovery to the last
 *       delivery.
 * </ol>
 *
 * <p>Not a test: the name keeps it out of {@code mvn test}. Run by {@code
 * benchmarks/rate-limits.sh}; system properties {@code bench.rate} (a rate, "50/s"), {@code
 * bench.seconds} (60), {@code bench.stretch} (seconds of 421, 30), {@code bench.messages421} (200)
 * and {@code bench.out} (a file the tables are appended to).
 */
class RateLimitBenchmark {
  @TempDir Path dir;

  @Test
  void run() throws Exception {
    String rate = System.getProperty("bench.rate", "50/s");
    int seconds = Integer.getInteger("bench.seconds", 60);
    int stretch = Integer.getInteger("bench.stretch", 30);
    int messages421 = Integer.getInteger("bench.messages421", 200);
    List<String> out = new ArrayList<>();
    out.addAll(rate(dir.resolve("rate"), rate, seconds));
    out.add("");
    out.addAll(slowDown(dir.resolve("slowdown"), stretch, messages421));
    String text = String.join("\n", out) + "\n";
    System.out.print(text);
    String file = System.getProperty("bench.out");
    if (file != null) {
      Files.writeString(Path.of(file), text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
  }

  /** A store, a mailbox to submit from, a spooler with 4 threads over the scripted server. */
  private static final class Rig implements AutoCloseable {
    final ScriptedSmtpServer server = new ScriptedSmtpServer();
    final MessageStore store;
    final XAConnection physical;
    final MailboxSession shop;
    final ExecutorService threads = Executors.newFixedThreadPool(4);
    final Spooler spooler;
    Thread loop;

    Rig(Path dir, Map<String, String> more) throws Exception {
      Files.createDirectories(dir);
      store = MessageStore.open(TestStores.h2(dir), Clock.systemUTC());
      physical = store.openXAConnection();
      shop = store.session(new PlainConnection(physical.getConnection()), "shop");
      spooler =
          new Spooler(
              store,
              SpoolerSettings.builder("bench").build(),
              List.of(new SmtpTransport()),
              threads,
              4);
      Map<String, String> settings = TestTransportContext.smtpLoopback(server.port());
      settings.putAll(more);
      spooler.startTransports(settings);
    }

    void submit(int n, String domain) {
      for (int i = 0; i < n; i++) {
        TestMessage.subject("m" + i)
            .from("shop@example.com")
            .to("r" + i + "@" + domain)
            .submitIn(shop.openFolder(FolderKind.OUTBOX));
      }
    }

    void start() {
      loop = new Thread(spooler::run, "bench-spooler");
      loop.start();
    }

    @Override
    public void close() throws Exception {
      spooler.stop();
      if (loop != null) {
        loop.join(60_000);
      }
      threads.shutdown();
      threads.awaitTermination(30, TimeUnit.SECONDS);
      spooler.close();
      physical.close();
      store.close();
      server.close();
    }
  }

  private static List<String> rate(Path dir, String rate, int seconds) throws Exception {
    double perSecond = perSecond(rate);
    int backlog = (int) Math.ceil(perSecond * (seconds + 15));
    ConcurrentLinkedQueue<Long> accepted = new ConcurrentLinkedQueue<>();
    try (Rig rig = new Rig(dir, Map.of("smtpRate", rate))) {
      rig.submit(backlog, "bench.test");
      rig.spooler.addListener(
          e -> {
            if (e.kind() == SpoolerEvent.Kind.DELIVERED) {
              accepted.add(System.nanoTime());
            }
          });
      rig.start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds + 20);
      while (System.nanoTime() < deadline) {
        Long first = accepted.peek();
        if (first != null && System.nanoTime() - first > TimeUnit.SECONDS.toNanos(seconds + 1)) {
          break;
        }
        Thread.sleep(200); // the measurement's pace, not a wait for a result
      }
    }
    List<Long> times = new ArrayList<>(accepted);
    long first = times.get(0);
    int[] counts = new int[seconds];
    for (long t : times) {
      long s = (t - first) / 1_000_000_000L;
      if (s < seconds) {
        counts[(int) s]++;
      }
    }
    int min = Integer.MAX_VALUE;
    int max = 0;
    long sum = 0;
    int outside = 0;
    for (int c : counts) {
      min = Math.min(min, c);
      max = Math.max(max, c);
      sum += c;
      if (Math.abs(c - perSecond) > perSecond * 0.1) {
        outside++;
      }
    }
    List<String> rows = new ArrayList<>();
    rows.add(
        "| smtpRate | backlog | seconds | accepted/s min | mean | max | seconds outside ±10 % |"
            + " per second |");
    rows.add("|---|---|---|---|---|---|---|---|");
    StringBuilder each = new StringBuilder();
    for (int c : counts) {
      each.append(each.length() == 0 ? "" : " ").append(c);
    }
    rows.add(
        String.format(
            "| %s | %d | %d | %d | %.2f | %d | %d | %s |",
            rate, backlog, seconds, min, (double) sum / seconds, max, outside, each));
    return rows;
  }

  private static List<String> slowDown(Path dir, int stretch, int messages) throws Exception {
    Map<String, AtomicInteger> triesPerMessage = new ConcurrentHashMap<>();
    AtomicInteger throttled = new AtomicInteger();
    AtomicInteger delivered = new AtomicInteger();
    AtomicLong lastDelivery = new AtomicLong();
    int connectionsWhile421;
    int ndrs;
    int maxAttempts = 0;
    long recoveredAt;
    try (Rig rig = new Rig(dir, Map.of())) {
      rig.server.greeting = "421 4.7.0 too many messages, slow down";
      rig.submit(messages, "bench.test");
      rig.spooler.addListener(
          e -> {
            switch (e.kind()) {
              case DELIVERED -> {
                delivered.incrementAndGet();
                lastDelivery.set(System.nanoTime());
              }
              case THROTTLED -> {
                throttled.incrementAndGet();
                // A try that reached the relay names its reply; a wait names the pause.
                if (e.detail().contains("421") && !e.detail().contains("paused until")) {
                  triesPerMessage
                      .computeIfAbsent(e.entryId().toString(), k -> new AtomicInteger())
                      .incrementAndGet();
                }
              }
              default -> {}
            }
          });
      long started = System.nanoTime();
      rig.start();
      long until = started + TimeUnit.SECONDS.toNanos(stretch);
      while (System.nanoTime() < until) {
        for (var q : rig.spooler.queueItems(1_000)) {
          maxAttempts = Math.max(maxAttempts, q.attempts());
        }
        Thread.sleep(500); // the stretch's pace, not a wait for a result
      }
      connectionsWhile421 = rig.server.connections.get();
      rig.server.greeting = "220 scripted ESMTP";
      recoveredAt = System.nanoTime();
      long deadline = recoveredAt + TimeUnit.MINUTES.toNanos(6);
      while (delivered.get() < messages && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
      ndrs = rig.shop.openFolder(FolderKind.INBOX).getContentsTable().size();
    }
    int tries = triesPerMessage.values().stream().mapToInt(AtomicInteger::get).sum();
    int maxTries = triesPerMessage.values().stream().mapToInt(AtomicInteger::get).max().orElse(0);
    List<String> rows = new ArrayList<>();
    rows.add(
        "| 421 for | messages | delivered | NDRs | attempts counted (max) | sessions during the"
            + " 421s | messages tried against a 421 | tries per message: mean over all, max |"
            + " holds (waits) | recovery → last delivery |");
    rows.add("|---|---|---|---|---|---|---|---|---|---|");
    rows.add(
        String.format(
            "| %d s | %d | %d | %d | %d | %d | %d | %.3f, %d | %d | %.1f s |",
            stretch,
            messages,
            delivered.get(),
            ndrs,
            maxAttempts,
            connectionsWhile421,
            triesPerMessage.size(),
            (double) tries / messages,
            maxTries,
            throttled.get(),
            (lastDelivery.get() - recoveredAt) / 1e9));
    return rows;
  }

  private static double perSecond(String rate) {
    String[] p = rate.split("/");
    double n = Double.parseDouble(p[0]);
    return switch (p[1]) {
      case "s" -> n;
      case "min" -> n / 60;
      default -> n / 3600;
    };
  }
}
