package org.msgstore.transport.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.XAConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.msgstore.FolderKind;
import org.msgstore.PropTag;
import org.msgstore.spooler.Spooler;
import org.msgstore.spooler.SpoolerEvent;
import org.msgstore.spooler.SpoolerSettings;
import org.msgstore.store.MailboxSession;
import org.msgstore.store.MessageStore;
import org.msgstore.store.SettableClock;
import org.msgstore.testing.PlainConnection;
import org.msgstore.testing.TestMessage;
import org.msgstore.testing.TestStores;
import org.msgstore.testing.TestTransportContext;

/**
 * Issue 18, priorities under a domain rate: the turns of a domain's rate are reserved for held
 * messages as they are first claimed, so a backlog to that domain holds the turns of the seconds
 * ahead. An urgent message to the same domain submitted after it must not wait for all of them. One
 * delivery thread, the SMTP server on loopback, the store's settable clock.
 */
class UrgentMailAtADomainRateTest {
  @TempDir Path dir;
  SettableClock clock = new SettableClock(Instant.parse("2026-12-05T10:00:00Z"));
  ScriptedSmtpServer server;
  MessageStore store;
  XAConnection physical;
  MailboxSession shop;
  Spooler spooler;

  /** When each recipient's DELIVERED event came, by the clock, and its detail (the address). */
  final List<Map.Entry<Instant, String>> delivered = new CopyOnWriteArrayList<>();

  @BeforeEach
  void open() throws Exception {
    server = new ScriptedSmtpServer();
    store = MessageStore.open(TestStores.h2(dir), clock);
    physical = store.openXAConnection();
    shop = store.session(new PlainConnection(physical.getConnection()), "shop");
    spooler =
        new Spooler(
            store,
            SpoolerSettings.builder("node-1").lease(Duration.ofMinutes(2)).batchSize(10).build(),
            List.of(new SmtpTransport()));
    spooler.addListener(
        e -> {
          if (e.kind() == SpoolerEvent.Kind.DELIVERED) {
            delivered.add(Map.entry(clock.instant(), e.detail()));
          }
        });
    Map<String, String> settings = TestTransportContext.smtpLoopback(server.port());
    settings.put("smtpDomainRates", "slow.test=5/s");
    spooler.startTransports(settings);
  }

  @AfterEach
  void close() throws Exception {
    spooler.close();
    physical.close();
    store.close();
    server.close();
  }

  private void submit(String subject, String to, int priority) {
    TestMessage.subject(subject)
        .from("shop@example.com")
        .to(to)
        .set(PropTag.PR_PRIORITY, priority)
        .submitIn(shop.openFolder(FolderKind.OUTBOX));
  }

  /** Delivers everything due now: rounds until a round finds nothing due. */
  private void drainDue() {
    for (int i = 0; i < 1_000 && spooler.runOnce() > 0; i++) {
      // messages held back are postponed past now, so this ends
    }
  }

  @Test
  void
      an_urgent_message_to_a_domain_whose_turns_a_non_urgent_backlog_holds_goes_in_its_first_second() {
    for (int i = 0; i < 50; i++) {
      submit("bulk " + i, "b" + i + "@slow.test", -1);
    }
    drainDue(); // two go at once (the bucket's two), 48 hold the turns of the next 9.6 s
    assertEquals(2, server.received.size());
    Instant submitted = clock.instant();
    submit("password reset", "boss@slow.test", 1);

    Instant start = clock.instant();
    for (int step = 0; step < 300 && server.received.size() < 51; step++) {
      drainDue();
      clock.advance(Duration.ofMillis(100));
    }

    assertEquals(51, server.received.size(), "every message delivered");
    Instant urgentAt =
        delivered.stream()
            .filter(d -> d.getValue().contains("boss@slow.test"))
            .map(Map.Entry::getKey)
            .findFirst()
            .orElseThrow();
    Duration waited = Duration.between(submitted, urgentAt);
    System.out.println("the urgent message waited " + waited.toMillis() + " ms of the clock");
    assertTrue(
        waited.compareTo(Duration.ofSeconds(1)) <= 0,
        "behind 48 held messages at 5/s (9.6 s of turns) it waited " + waited);
    // It took one of the backlog's turns, so the domain still gets at most its rate (plus the
    // bucket's one early) in every second of the clock.
    TreeMap<Long, Integer> perSecond = new TreeMap<>();
    delivered.forEach(
        d -> perSecond.merge(Duration.between(start, d.getKey()).toSeconds(), 1, Integer::sum));
    perSecond.forEach(
        (second, n) -> assertTrue(n <= 6, "second " + second + ": " + n + " of " + perSecond));
    assertEquals(0, spooler.queueDepth());
  }
}
