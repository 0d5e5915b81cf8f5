package org.msgstore.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.ClosedWatchServiceException;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.XAConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
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
import org.msgstore.testing.Slow;

/**
 * Two nodes share one queue, on each database that supports several nodes: node A is a child JVM
 * that is killed (Runtime.halt) in the middle of a delivery, holding its claims; node B, in this
 * JVM, goes on and takes A's messages once their leases lapse. Every recipient gets each message
 * exactly once, except at most the recipients of the message in flight on the killed node; nothing
 * stays locked.
 */
@ParameterizedClass(name = "on {0}")
@EnumSource(
    value = StoreDatabase.class,
    names = {"POSTGRESQL", "MARIADB"})
@Slow
class TwoNodeSpoolerTest {
  @Parameter StoreDatabase database;

  static final int MESSAGES = 10_000;
  static final int RECIPIENTS = 3;
  static final Duration LEASE = org.msgstore.spooler.CrashingSpoolerMain.LEASE;

  /**
   * Node A halts after its 100th message. B starts at A's first delivery and is faster (4 threads
   * and runs against A's one message at a time): with A halting after 1,000 messages, B drained the
   * other 9,000 first on a loaded machine, and A exited without ever being killed.
   */
  static final int HALT_AFTER_DELIVERIES = MESSAGES * RECIPIENTS / 100;

  /** Counts deliveries per (Message-ID, address). */
  static final class CountingTransport extends AcceptingSmtpTransport {
    final Map<String, AtomicInteger> deliveries;
    final AtomicInteger delivered = new AtomicInteger();

    CountingTransport(Map<String, AtomicInteger> deliveries) {
      this.deliveries = deliveries;
    }

    @Override
    protected void accepted(OutboundMessage message, OutboundRecipient r) {
      deliveries
          .computeIfAbsent(
              message.internetMessageId() + " " + r.address(), k -> new AtomicInteger())
          .incrementAndGet();
      delivered.incrementAndGet();
    }
  }

  @Test
  void
      two_nodes_deliver_10000_messages_to_3_recipients_each_exactly_once_when_one_is_killed_mid_run()
          throws Exception {
    StoreSettings db = database.newDatabase(null); // skipped with a hint where not installed
    MessageStore nodeB = MessageStore.open(db, Clock.systemUTC());
    XAConnection client = nodeB.openXAConnection();
    java.nio.file.Path logA =
        java.nio.file.Files.createTempDirectory("node-a-").resolve("deliveries.log");
    java.nio.file.Files.createFile(logA);
    try {
      long submitStart = System.nanoTime();
      submitAll(nodeB, nodeB.qualify(client.getConnection()));
      double submitSeconds = (System.nanoTime() - submitStart) / 1e9;

      Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
      CountingTransport transportB = new CountingTransport(deliveries);
      Spooler b = new Spooler(nodeB, settings("node-b"), List.of(transportB));
      Semaphore progress = new Semaphore(0);
      b.addListener(e -> progress.release());
      Thread threadB = new Thread(b::run, "node-b");
      long start = System.nanoTime();
      Process nodeA =
          new ProcessBuilder(
                  java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-D"
                      + org.msgstore.spooler.CrashingSpoolerMain.SCHEMA_PROPERTY
                      + "="
                      + db.schema(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  org.msgstore.spooler.CrashingSpoolerMain.class.getName(),
                  db.jdbcUrl(),
                  db.user(),
                  logA.toString(),
                  Integer.toString(HALT_AFTER_DELIVERIES))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      // B starts once A is delivering: B finishes several messages per commit and, started first,
      // could take the whole queue before A's JVM is up.
      awaitFirstWrite(logA, nodeA);
      threadB.start();
      assertTrue(nodeA.waitFor(5, TimeUnit.MINUTES), "node A was killed in time");
      assertEquals(
          0,
          nodeA.exitValue(),
          "node A halted itself mid-delivery (exit 3: it never got that far)");

      // B drains what is left, A's messages included once their leases lapse. Each event of B's
      // is a moment to look at the queue again (every FINISHED follows its commit); at the
      // deadline the assertion below reports what is left.
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
      do {
        progress.drainPermits();
      } while (queued(nodeB) > 0
          && progress.tryAcquire(deadline - System.nanoTime(), TimeUnit.NANOSECONDS));
      double seconds = (System.nanoTime() - start) / 1e9;
      b.stop();
      threadB.join(30_000);
      b.close();

      List<String> deliveredByA = java.nio.file.Files.readAllLines(logA);
      deliveredByA.forEach(
          line -> deliveries.computeIfAbsent(line, k -> new AtomicInteger()).incrementAndGet());
      System.out.printf(
          "two nodes on %s: submitted %d messages in %.1f s (%.0f/s); delivered %d x %d recipients in %.1f s (%.0f messages/s); node A %d deliveries before it was killed, node B %d%n",
          database,
          MESSAGES,
          submitSeconds,
          MESSAGES / submitSeconds,
          MESSAGES,
          RECIPIENTS,
          seconds,
          MESSAGES / seconds,
          deliveredByA.size(),
          transportB.delivered.get());
      assertEquals(0, queued(nodeB), "nothing left queued or locked");
      assertEquals(
          MESSAGES * RECIPIENTS, deliveries.size(), "every recipient of every message got it");
      long repeats = deliveries.values().stream().filter(n -> n.get() > 1).count();
      assertTrue(
          deliveries.values().stream().allMatch(n -> n.get() <= 2), "never more than once more");
      assertTrue(
          repeats <= RECIPIENTS,
          "only the message in flight on the killed node may repeat: " + repeats);
      assertEquals(MESSAGES, sentItems(nodeB), "each message filed once");
    } finally {
      client.close();
      nodeB.close();
      java.nio.file.Files.deleteIfExists(logA);
      java.nio.file.Files.deleteIfExists(logA.getParent());
    }
  }

  /**
   * Returns once {@code writer} has written to {@code file} or has ended, woken by the file
   * system's change events (inotify on Linux) and the process's exit, not by polling.
   */
  private static void awaitFirstWrite(java.nio.file.Path file, Process writer) throws Exception {
    try (WatchService watcher = file.getFileSystem().newWatchService()) {
      file.getParent().register(watcher, StandardWatchEventKinds.ENTRY_MODIFY);
      writer
          .onExit()
          .thenRun(
              () -> {
                try {
                  watcher.close(); // ends the wait below: the exit value tells what happened
                } catch (java.io.IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              });
      while (java.nio.file.Files.size(file) == 0) {
        WatchKey key = watcher.poll(2, TimeUnit.MINUTES);
        if (key == null) {
          return; // A never wrote: B starts anyway and the assertions on A's exit report it
        }
        key.pollEvents();
        key.reset();
      }
    } catch (ClosedWatchServiceException e) {
      // A ended before (or while) we waited.
    }
  }

  private static SpoolerSettings settings(String owner) {
    return SpoolerSettings.builder(owner)
        .pollInterval(Duration.ofMillis(200))
        .lease(LEASE)
        .backoff(Duration.ofSeconds(1), Duration.ofSeconds(1))
        .maxQueueLifetime(Duration.ofDays(1))
        .build();
  }

  private static void submitAll(MessageStore store, Connection jdbc) {
    MailboxSession shop = store.session(new PlainConnection(jdbc), "shop");
    byte[] sent = shop.getStoreProperty(PropTag.PR_IPM_SENTMAIL_ENTRYID);
    for (int i = 0; i < MESSAGES; i++) {
      try (Message m = shop.openFolder(FolderKind.OUTBOX).createMessage()) {
        m.set(PropTag.PR_SUBJECT, "order " + i);
        m.set(PropTag.PR_SENTMAIL_ENTRYID, sent);
        for (int r = 0; r < RECIPIENTS; r++) {
          m.addRecipient(RecipientType.TO, "R" + r, "SMTP", "r" + r + "-" + i + "@example.com");
        }
        m.submit();
      }
    }
  }

  private static int queued(MessageStore store) throws SQLException {
    XAConnection x = store.openXAConnection();
    try {
      return store
          .spoolerSession(new PlainConnection(store.qualify(x.getConnection())), "observer", LEASE)
          .getOutgoingQueue(0)
          .size();
    } finally {
      x.close();
    }
  }

  private static int sentItems(MessageStore store) throws SQLException {
    XAConnection x = store.openXAConnection();
    try {
      return store
          .session(new PlainConnection(store.qualify(x.getConnection())), "shop")
          .openFolder(FolderKind.SENT_ITEMS)
          .getContentsTable()
          .size();
    } finally {
      x.close();
    }
  }
}
