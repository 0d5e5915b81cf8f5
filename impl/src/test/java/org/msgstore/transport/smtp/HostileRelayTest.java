package org.msgstore.transport.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.msgstore.RecipientType;
import org.msgstore.spi.DeliveryResult;
import org.msgstore.spi.DeliveryResult.Deferred;
import org.msgstore.spi.DeliveryResult.Delivered;

/**
 * A hostile or broken relay can neither hold the delivery thread past the send's deadline nor make
 * it read more than the reply caps: the recipients are deferred and the same transport goes on
 * delivering. Each test prints what it measured (time to give up, bytes the client read, bytes the
 * relay managed to write, heap used after a GC), the numbers docs/transports.md quotes.
 */
class HostileRelayTest {
  /** Stops a hang should the bounds fail; generous, it measures nothing. */
  private static final Duration GUARD = Duration.ofSeconds(30);

  private static final Pattern BYTES_READ = Pattern.compile("\\((\\d+) bytes read in this send\\)");

  @AutoClose private final ScriptedRelay relay = new ScriptedRelay();
  private final ScriptedSmtpServer server = relay.server;
  private SmtpTransport transport;

  private SmtpTransport transport(Map<String, String> extra) {
    Map<String, String> settings = relay.settings();
    settings.putAll(extra);
    transport = relay.start(settings);
    return transport;
  }

  private static FakeMessage message(String id) {
    return FakeMessage.from("shop@sender.test", "Shop")
        .messageId("<" + id + "@msgstore.test>")
        .to(RecipientType.TO, "Bob", "bob@rcpt.test");
  }

  /** Delivers once and returns the deferral, printing the measurements under {@code label}. */
  private Deferred deferredWithin(SmtpTransport t, String label) {
    long heapBefore = usedHeapAfterGc();
    long start = System.nanoTime();
    List<DeliveryResult> v =
        assertTimeoutPreemptively(GUARD, () -> t.deliver(message(label), message(label).offered()));
    long ms = (System.nanoTime() - start) / 1_000_000;
    Deferred d = assertInstanceOf(Deferred.class, v.get(0), v.toString());
    long heapAfter = usedHeapAfterGc();
    System.out.printf(
        "%s: gave up after %d ms, client read %s bytes, relay wrote %d bytes, heap %d -> %d KB;"
            + " reason: %s%n",
        label,
        ms,
        bytesRead(d.reason()),
        server.hostileBytes.get(),
        heapBefore / 1024,
        heapAfter / 1024,
        d.reason());
    lastMs = ms;
    return d;
  }

  private long lastMs;

  private static long bytesRead(String reason) {
    Matcher m = BYTES_READ.matcher(reason);
    assertTrue(m.find(), "the reason says how much was read: " + reason);
    return Long.parseLong(m.group(1));
  }

  private static long usedHeapAfterGc() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** The relay is well behaved again: the same transport delivers on a new session. */
  private void deliversAgain(SmtpTransport t) throws Exception {
    server.hostileEhlo = ScriptedSmtpServer.Hostile.NONE;
    List<DeliveryResult> v = t.deliver(message("again"), message("again").offered());
    assertInstanceOf(Delivered.class, v.get(0), v.toString());
  }

  @Test
  void endless_continuation_lines_are_cut_at_the_reply_line_cap_and_the_recipient_is_deferred()
      throws Exception {
    server.hostileEhlo = ScriptedSmtpServer.Hostile.ENDLESS_CONTINUATION;
    SmtpTransport t = transport(Map.of());

    Deferred d = deferredWithin(t, "endless 250- lines");

    assertTrue(
        d.reason().contains("more than " + ReplyGuard.MAX_REPLY_LINES + " lines"), d.reason());
    long read = bytesRead(d.reason());
    assertTrue(read <= ReplyGuard.MAX_BYTES_PER_SEND, "read " + read);
    assertEquals(1, server.connections.get(), "no second session for a relay that broke a bound");
    deliversAgain(t);
  }

  @Test
  void a_reply_line_that_never_ends_is_cut_at_the_line_cap() throws Exception {
    server.hostileEhlo = ScriptedSmtpServer.Hostile.ENDLESS_LINE;
    SmtpTransport t = transport(Map.of());

    Deferred d = deferredWithin(t, "endless line");

    assertTrue(
        d.reason().contains("longer than " + ReplyGuard.MAX_LINE_BYTES + " bytes"), d.reason());
    assertTrue(bytesRead(d.reason()) <= ReplyGuard.MAX_BYTES_PER_SEND, d.reason());
    deliversAgain(t);
  }

  @Test
  void one_byte_per_second_within_the_read_timeout_ends_at_the_send_deadline() throws Exception {
    server.hostileEhlo = ScriptedSmtpServer.Hostile.DRIP;
    server.dripIntervalMs = 1_000; // one byte per second, each within the 2 s read timeout
    SmtpTransport t = transport(Map.of("smtpSendTimeoutMs", "3000"));

    Deferred d = deferredWithin(t, "one byte per second");

    assertTrue(d.reason().contains("smtpSendTimeoutMs (3000 ms)"), d.reason());
    assertTrue(lastMs >= 2_900, "not before the deadline: " + lastMs + " ms");
    assertTrue(lastMs < 3_000 + 2_000, "within a read timeout after it: " + lastMs + " ms");
    deliversAgain(t);
  }
}
