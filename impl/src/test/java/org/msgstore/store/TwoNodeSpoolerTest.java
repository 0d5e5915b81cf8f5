package org.msgstore.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.XAConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.msgstore.FolderKind;
import org.msgstore.Message;
import org.msgstore.PropTag;
import org.msgstore.RecipientType;
import org.msgstore.spi.DeliveryResult;
import org.msgstore.spi.OutboundMessage;
import org.msgstore.spi.OutboundRecipient;
import org.msgstore.spi.TransportProvider;
import org.msgstore.spooler.Spooler;
import org.msgstore.spooler.SpoolerSettings;

/**
 * Two nodes (two stores, two spoolers) share one PostgreSQL queue; one node freezes mid-run
 * holding its claims, as a killed server would. Every recipient gets each message exactly once,
 * except at most the recipients of the message in flight on the frozen node; nothing stays locked.
 */
@ExtendWith(PostgresCluster.Extension.class)
class TwoNodeSpoolerTest {
  static final int MESSAGES = 10_000;
  static final int RECIPIENTS = 3;
  static final Duration LEASE = Duration.ofSeconds(2);

  /** Counts deliveries per (Message-ID, address); node A freezes after its n-th delivery. */
  static final class CountingTransport implements TransportProvider {
    final Map<String, AtomicInteger> deliveries;
    final int freezeAfter;
    final CountDownLatch frozen = new CountDownLatch(1);
    final CountDownLatch thaw = new CountDownLatch(1);
    final AtomicInteger delivered = new AtomicInteger();

    CountingTransport(Map<String, AtomicInteger> deliveries, int freezeAfter) {
      this.deliveries = deliveries;
      this.freezeAfter = freezeAfter;
    }

    @Override
    public String id() {
      return "smtp";
    }

    @Override
    public Set<String> addressTypes() {
      return Set.of("SMTP");
    }

    @Override
    public List<DeliveryResult> deliver(OutboundMessage message, List<OutboundRecipient> recipients) throws InterruptedException {
      List<DeliveryResult> results = new ArrayList<>();
      for (OutboundRecipient r : recipients) {
        deliveries.computeIfAbsent(message.internetMessageId() + " " + r.address(), k -> new AtomicInteger()).incrementAndGet();
        results.add(DeliveryResult.delivered(r.rowId()));
      }
      if (delivered.addAndGet(recipients.size()) >= freezeAfter && frozen.getCount() > 0) {
        frozen.countDown();
        thaw.await(10, TimeUnit.MINUTES); // the node stops here, holding its leases, until the test ends
      }
      return results;
    }
  }

  @Test
  void two_nodes_deliver_10000_messages_to_3_recipients_each_exactly_once_when_one_freezes_mid_run() throws Exception {
    StoreSettings db = PostgresCluster.get().newDatabase();
    MessageStore nodeA = MessageStore.open(db, Clock.systemUTC());
    MessageStore nodeB = MessageStore.open(db, Clock.systemUTC());
    XAConnection client = nodeA.openXAConnection();
    try {
      long submitStart = System.nanoTime();
      submitAll(nodeA, client.getConnection());
      double submitSeconds = (System.nanoTime() - submitStart) / 1e9;

      Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
      CountingTransport transportA = new CountingTransport(deliveries, MESSAGES * RECIPIENTS / 4);
      CountingTransport transportB = new CountingTransport(deliveries, Integer.MAX_VALUE);
      Spooler a = new Spooler(nodeA, settings("node-a"), List.of(transportA));
      Spooler b = new Spooler(nodeB, settings("node-b"), List.of(transportB));
      Thread threadA = new Thread(a::run, "node-a");
      Thread threadB = new Thread(b::run, "node-b");
      long start = System.nanoTime();
      threadA.start();
      threadB.start();
      assertTrue(transportA.frozen.await(5, TimeUnit.MINUTES), "node A got a quarter of the work and froze");

      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
      while (queued(nodeB) > 0 && System.nanoTime() < deadline) {
        TimeUnit.MILLISECONDS.sleep(200); // bounded wait for node B to drain what is left, A's leases included
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      b.stop();
      threadB.join(30_000);
      a.stop();
      transportA.thaw.countDown();
      threadA.join(30_000);
      a.close();
      b.close();

      System.out.printf(
          "two nodes on PostgreSQL: submitted %d messages in %.1f s (%.0f/s); delivered %d x %d recipients in %.1f s (%.0f messages/s); node A %d deliveries before it froze, node B %d%n",
          MESSAGES, submitSeconds, MESSAGES / submitSeconds, MESSAGES, RECIPIENTS, seconds, MESSAGES / seconds,
          transportA.delivered.get(), transportB.delivered.get());
      assertEquals(0, queued(nodeB), "nothing left queued or locked");
      assertEquals(MESSAGES * RECIPIENTS, deliveries.size(), "every recipient of every message got it");
      long repeats = deliveries.values().stream().filter(n -> n.get() > 1).count();
      assertTrue(deliveries.values().stream().allMatch(n -> n.get() <= 2), "never more than once more");
      assertTrue(repeats <= RECIPIENTS, "only the message in flight on the frozen node may repeat: " + repeats);
      assertEquals(MESSAGES, sentItems(nodeB), "each message filed once");
    } finally {
      client.close();
      nodeA.close();
      nodeB.close();
    }
  }

  private static SpoolerSettings settings(String owner) {
    return new SpoolerSettings(owner, Duration.ofMillis(200), LEASE, 20, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofDays(1), List.of());
  }

  private static void submitAll(MessageStore store, Connection jdbc) {
    MailboxSession shop = store.session(new StoreFixture.PlainConnection(jdbc), "shop");
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
      return store.spoolerSession(new StoreFixture.PlainConnection(x.getConnection()), "observer", LEASE).getOutgoingQueue(0).size();
    } finally {
      x.close();
    }
  }

  private static int sentItems(MessageStore store) throws SQLException {
    XAConnection x = store.openXAConnection();
    try {
      return store.session(new StoreFixture.PlainConnection(x.getConnection()), "shop").openFolder(FolderKind.SENT_ITEMS).getContentsTable().size();
    } finally {
      x.close();
    }
  }
}
