package org.msgstore.ra.management;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.lang.management.ManagementFactory;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.msgstore.spooler.SpoolerCounters;
import org.msgstore.spooler.SpoolerEvent;
import org.msgstore.spooler.SpoolerEvent.Kind;

class SpoolerMBeanTest {
  private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();

  @Test
  void the_spooler_counters_are_readable_over_jmx_and_gone_after_unregister() throws Exception {
    SpoolerCounters counters = new SpoolerCounters();
    ObjectName name =
        Spooler.register(
            counters,
            () -> 7,
            () ->
                java.util.List.of(
                    new org.msgstore.store.SpoolerSession.QueueItem(
                        org.msgstore.EntryId.parse("014D00000000000000000000000000000001"),
                        "shop",
                        "order 1",
                        "DEFERRED",
                        2,
                        java.time.Instant.parse("2026-11-24T12:05:00Z"),
                        "451 later",
                        null)));
    try {
      counters.onEvent(new SpoolerEvent(Kind.CLAIMED, null, null));
      counters.onEvent(new SpoolerEvent(Kind.DELIVERED, null, null));
      counters.onEvent(new SpoolerEvent(Kind.DEFERRED, null, "421 try later"));

      assertEquals(new ObjectName("org.msgstore:type=Spooler"), name);
      assertEquals(1L, server.getAttribute(name, "Claimed"));
      assertEquals(1L, server.getAttribute(name, "Delivered"));
      assertEquals(1L, server.getAttribute(name, "Deferred"));
      assertEquals(1L, server.getAttribute(name, "InFlight"));
      assertEquals(7L, server.getAttribute(name, "QueueDepth"));
      javax.management.openmbean.CompositeData[] queue =
          (javax.management.openmbean.CompositeData[]) server.getAttribute(name, "Queue");
      assertEquals("DEFERRED", queue[0].get("state"));
      assertEquals("2026-11-24T12:05:00Z", queue[0].get("nextAttempt"));
      assertEquals("451 later", queue[0].get("lastError"));
      assertEquals("421 try later", server.getAttribute(name, "LastError"));
    } finally {
      Spooler.unregister(name);
    }
    assertFalse(server.isRegistered(name));
  }

  @Test
  void a_second_registration_replaces_the_first_instead_of_failing_the_start() throws Exception {
    SpoolerCounters first = new SpoolerCounters();
    SpoolerCounters second = new SpoolerCounters();
    second.onEvent(new SpoolerEvent(Kind.FAILED, null, null));
    ObjectName name = Spooler.register(first, () -> 0, java.util.List::of);
    try {
      Spooler.register(second, () -> 0, java.util.List::of);
      assertEquals(1L, server.getAttribute(name, "Failed"));
    } finally {
      Spooler.unregister(name);
      Spooler.unregister(name); // twice is harmless
    }
  }

  @Test
  void the_flow_control_and_the_throttled_count_are_readable_over_jmx() throws Exception {
    SpoolerCounters counters = new SpoolerCounters();
    String[] lines = {
      "live spooler nodes sharing the rates: 2",
      "relay smtp.example.com:587: sessions 1 in use of 2 allowed (smtpSessions 4)"
    };
    ObjectName name = Spooler.register(counters, () -> 0, java.util.List::of, () -> lines);
    try {
      counters.onEvent(new SpoolerEvent(Kind.DEFERRED, null, "held"));
      counters.onEvent(new SpoolerEvent(Kind.THROTTLED, null, "held"));

      assertEquals(1L, server.getAttribute(name, "Throttled"));
      assertEquals(1L, server.getAttribute(name, "Deferred"));
      org.junit.jupiter.api.Assertions.assertArrayEquals(
          lines, (String[]) server.getAttribute(name, "FlowControl"));
    } finally {
      Spooler.unregister(name);
    }
  }
}
