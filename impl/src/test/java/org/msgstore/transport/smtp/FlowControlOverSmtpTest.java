package org.msgstore.transport.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.XAConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.msgstore.FolderKind;
import org.msgstore.MapiError;
import org.msgstore.MapiException;
import org.msgstore.spooler.Spooler;
import org.msgstore.spooler.SpoolerEvent;
import org.msgstore.spooler.SpoolerSettings;
import org.msgstore.store.MailboxSession;
import org.msgstore.store.MessageStore;
import org.msgstore.store.SettableClock;
import org.msgstore.store.SpoolerSession;
import org.msgstore.testing.PlainConnection;
import org.msgstore.testing.TestMessage;
import org.msgstore.testing.TestStores;
import org.msgstore.testing.TestTransportContext;
import org.msgstore.transport.smtp.throttle.FlowView;

/**
 * Issue 18, rate limits: the SMTP transport's flow control through the whole send path, against an
 * SMTP server on loopback, with the store's settable clock (the transport and the queue both run on
 * it, so a window of time is a stretch of the clock, never of the wall).
 */
class FlowControlOverSmtpTest {
  @TempDir Path dir;
  SettableClock clock = new SettableClock(Instant.parse("2026-12-05T10:00:00Z"));
  ScriptedSmtpServer server;
  MessageStore store;
  XAConnection physical;
  MailboxSession shop;
  SmtpTransport smtp;
  Spooler spooler;

  /** When each recipient's DELIVERED event came, by the clock. */
  final List<Map.Entry<Instant, String>> delivered = new ArrayList<>();

  @BeforeEach
  void open() throws Exception {
    server = new ScriptedSmtpServer();
    store = MessageStore.open(TestStores.h2(dir), clock);
    physical = store.openXAConnection();
    shop = store.session(new PlainConnection(physical.getConnection()), "shop");
  }

  /**
   * A spooler (one delivery thread) whose SMTP transport has the loopback server and {@code more}.
   */
  private void start(Map<String, String> more) {
    smtp = new SmtpTransport();
    spooler =
        new Spooler(
            store,
            SpoolerSettings.builder("node-1").lease(Duration.ofMinutes(2)).batchSize(10).build(),
            List.of(smtp));
    spooler.addListener(
        e -> {
          if (e.kind() == SpoolerEvent.Kind.DELIVERED) {
            delivered.add(Map.entry(clock.instant(), e.detail()));
          }
        });
    Map<String, String> settings = TestTransportContext.smtpLoopback(server.port());
    settings.putAll(more);
    spooler.startTransports(settings);
  }

  @AfterEach
  void close() throws Exception {
    if (spooler != null) {
      spooler.close();
    }
    physical.close();
    store.close();
    server.close();
  }

  private void submit(String subject, String to) {
    TestMessage.subject(subject)
        .from("shop@example.com")
        .to(to)
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
      a_relay_answering_421_for_half_a_minute_is_backed_off_and_every_message_goes_after_it_recovers_without_an_NDR_or_a_counted_attempt() {
    server.greeting = "421 4.7.0 too many messages, slow down";
    start(Map.of());
    for (int i = 0; i < 20; i++) {
      submit("m" + i, "r" + i + "@example.com");
    }
    Instant stretchEnds = clock.instant().plusSeconds(30);
    while (clock.instant().isBefore(stretchEnds)) {
      drainDue();
      for (SpoolerSession.QueueItem q : spooler.queueItems(100)) {
        assertEquals(0, q.attempts(), "a held message counts no attempt: " + q);
        // Its wait is the relay's pause (1 s doubling: at most 16 s within the stretch, plus
        // the spread of the line), never the spooler's 5-minute back-off.
        assertTrue(
            q.nextAttempt().isBefore(clock.instant().plusSeconds(40)),
            "comes back with the relay's pause: " + q);
      }
      clock.advance(Duration.ofSeconds(1));
    }
    int triesWhile421 = server.connections.get();
    FlowView.Relay relay = smtp.flowView().relays().get(0);
    assertEquals(1, relay.allowedSessions(), "halved at each back-off, at least one");

    server.greeting = "220 scripted ESMTP";
    for (int s = 0; s < 120 && server.received.size() < 20; s++) {
      drainDue();
      clock.advance(Duration.ofSeconds(1));
    }

    assertEquals(20, server.received.size(), "every message delivered once the relay recovered");
    assertTrue(
        shop.openFolder(FolderKind.INBOX).getContentsTable().isEmpty(), "no non-delivery report");
    // One try at the first 421, then one probe at the end of each pause: pauses of 1, 2, 4, 8 and
    // 16 s end within 31 s, so at most 1 + 5 tries (+1 for a pause ending on the stretch's last
    // second) reach a relay answering 421 for 30 s, whatever the number of messages waiting.
    assertTrue(triesWhile421 <= 7, "connections while the relay said 421: " + triesWhile421);
    assertTrue(relay.backOffs() <= 6, "back-offs: " + relay.backOffs());
    assertEquals(0, spooler.queueDepth());
  }

  @Test
  void a_domain_rate_is_kept_in_every_second_of_the_clock_while_other_domains_go_at_once() {
    start(Map.of("smtpDomainRates", "slow.test=5/s"));
    for (int i = 0; i < 30; i++) {
      submit("slow " + i, "s" + i + "@slow.test");
    }
    for (int i = 0; i < 10; i++) {
      submit("fast " + i, "f" + i + "@fast.test");
    }
    Instant start = clock.instant();
    for (int step = 0; step < 100 && server.received.size() < 40; step++) {
      drainDue();
      clock.advance(Duration.ofMillis(100));
    }

    assertEquals(40, server.received.size());
    TreeMap<Long, Integer> slowPerSecond = new TreeMap<>();
    for (Map.Entry<Instant, String> d : delivered) {
      if (d.getValue().endsWith("@fast.test")) {
        assertEquals(start, d.getKey(), "the other domain is not held up: " + d);
      } else {
        long second = Duration.between(start, d.getKey()).toSeconds();
        slowPerSecond.merge(second, 1, Integer::sum);
      }
    }
    // 30 messages at 5/s: 6 seconds. Each second of the clock holds at most the rate plus the
    // one message the bucket lets go early (its burst of two at the start), and while the
    // backlog lasts no fewer than the rate less one.
    assertTrue(slowPerSecond.size() >= 5 && slowPerSecond.size() <= 7, slowPerSecond.toString());
    slowPerSecond.forEach(
        (second, n) -> assertTrue(n <= 6, "second " + second + ": " + n + " of " + slowPerSecond));
    slowPerSecond
        .headMap(slowPerSecond.lastKey())
        .values()
        .forEach(n -> assertTrue(n >= 4, slowPerSecond.toString()));
  }

  @Test
  void a_message_held_for_its_domain_is_postponed_without_a_counted_attempt_and_says_why() {
    start(Map.of("smtpDomainRates", "slow.test=1/min"));
    for (int i = 0; i < 3; i++) {
      submit("slow " + i, "s" + i + "@slow.test");
    }
    drainDue();

    assertEquals(2, server.received.size(), "the bucket's two at once");
    SpoolerSession.QueueItem q = spooler.queueItems(10).get(0);
    assertEquals(0, q.attempts());
    assertTrue(q.lastError().contains("slow.test's rate 1/min (smtpDomainRates)"), q.lastError());
    // The first two went at once (a turn and the one early), so its reserved turn is the third.
    assertEquals(clock.instant().plusSeconds(120), q.nextAttempt());
  }

  @Test
  void bad_rate_settings_fail_the_start_naming_each_setting() {
    Map<String, String> settings = TestTransportContext.smtpLoopback(server.port());
    settings.put("smtpRate", "fast");
    settings.put("smtpDomainRates", "gmail.com=20/s,outlook.com=0/min,=3/s");
    settings.put("smtpRelayRates", "elsewhere.test:25=10/s");
    MapiException e =
        assertThrows(
            MapiException.class,
            () -> new SmtpTransport().start(new TestTransportContext(settings, clock)));

    assertEquals(MapiError.MAPI_E_INVALID_PARAMETER, e.error());
    for (String expected :
        new String[] {
          "smtpRate has rate 'fast'",
          "smtpDomainRates has rate '0/min'",
          "smtpDomainRates has entry '=3/s'",
          "smtpRelayRates names relay 'elsewhere.test:25'"
        }) {
      assertTrue(e.getMessage().contains(expected), expected + " in " + e.getMessage());
    }
  }

  @Test
  void the_flow_view_shows_each_relay_and_limit_with_this_servers_share() {
    Map<String, String> more = new HashMap<>();
    more.put("smtpRate", "14/s");
    more.put("smtpDomainRates", "gmail.com=20/s,outlook.com=300/min");
    more.put("smtpRelayRates", "127.0.0.1:" + server.port() + "=10/s");
    start(more);

    FlowView v = smtp.flowView();

    assertEquals(1, v.liveNodes());
    FlowView.Relay relay = v.relays().get(0);
    assertEquals("127.0.0.1:" + server.port(), relay.name());
    assertEquals(4, relay.allowedSessions());
    assertEquals("10/s", relay.rate());
    assertEquals(null, relay.pausedUntil());
    assertEquals(
        List.of("transport (smtpRate)", "domain gmail.com", "domain outlook.com"),
        v.limits().stream().map(FlowView.Limit::scope).toList());
    assertEquals(5.0, v.limits().get(2).allowedPerSecond(), 1e-9);
    assertTrue(v.lines()[1].startsWith("relay 127.0.0.1:"), String.join("\n", v.lines()));
  }
}
