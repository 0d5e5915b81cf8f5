package org.msgstore.ra.management;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.RuntimeMBeanException;
import javax.management.openmbean.CompositeData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.msgstore.EntryId;
import org.msgstore.FolderKind;
import org.msgstore.spooler.QueueOperations;
import org.msgstore.store.MessageStore;
import org.msgstore.store.QueueAdmin;
import org.msgstore.store.SpoolerSession;
import org.msgstore.testing.PlainConnection;
import org.msgstore.testing.TestMessage;
import org.msgstore.testing.TestStores;

/**
 * The Queue MBean on the platform MBeanServer over a real store: operations named for JConsole,
 * each answering what it did and logging it with its code, refusals as IllegalArgumentException.
 */
class QueueMBeanTest {
  private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
  @TempDir Path dir;

  @Test
  void each_operation_answers_what_it_did_logs_it_and_refuses_an_unknown_id_with_the_reason()
      throws Exception {
    List<String> lines = new CopyOnWriteArrayList<>();
    Logger log = Logger.getLogger(QueueOperations.class.getName());
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord r) {
            lines.add(r.getMessage());
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    log.addHandler(capture);
    int[] wakes = {0};
    try (MessageStore store = MessageStore.open(TestStores.h2(dir), Clock.systemUTC());
        QueueOperations operations = new QueueOperations(store, () -> wakes[0]++)) {
      var shop = store.session(new PlainConnection(store.openConnection()), "shop");
      TestMessage.subject("order 1")
          .from("shop@example.com")
          .to("bob@example.net")
          .submitIn(shop.openFolder(FolderKind.OUTBOX));
      ObjectName name = Queue.register(operations);
      try {
        assertEquals(new ObjectName("org.msgstore:type=Queue"), name);
        MBeanOperationInfo list =
            Arrays.stream(server.getMBeanInfo(name).getOperations())
                .filter(o -> o.getName().equals("list"))
                .findFirst()
                .orElseThrow();
        assertEquals(
            List.of("mailbox", "state", "minAgeSeconds", "lastErrorContains", "offset", "limit"),
            Arrays.stream(list.getSignature()).map(p -> p.getName()).toList());

        CompositeData[] rows =
            (CompositeData[])
                server.invoke(
                    name,
                    "list",
                    new Object[] {"shop", "", 0L, "", 0, 10},
                    new String[] {
                      "java.lang.String",
                      "java.lang.String",
                      "long",
                      "java.lang.String",
                      "int",
                      "int"
                    });
        assertEquals(1, rows.length);
        assertEquals("QUEUED", rows[0].get("state"));
        String id = (String) rows[0].get("entryId");

        String held = (String) invoke(name, "hold", id);
        assertTrue(held.endsWith(": 1 held"), held);
        assertEquals(1L, server.getAttribute(name, "Held"));
        assertEquals(1L, server.getAttribute(name, "Depth"));
        String released = (String) invoke(name, "release", id);
        assertTrue(released.endsWith(": 1 released"), released);
        assertEquals(1, wakes[0], "the spooler was woken for the released message");
        assertTrue(
            lines.stream().anyMatch(l -> l.startsWith("MSGS3022 hold by ") && l.contains(id)),
            lines.toString());

        RuntimeMBeanException refused =
            assertThrows(
                RuntimeMBeanException.class,
                () -> invoke(name, "cancel", "014D000000000000000000000000000000FF"));
        assertInstanceOf(IllegalArgumentException.class, refused.getCause());
        assertTrue(
            refused.getCause().getMessage().startsWith("MAPI_E_NOT_FOUND")
                && refused.getCause().getMessage().contains("no message 014D"),
            refused.getCause().getMessage());
        assertTrue(
            lines.stream().anyMatch(l -> l.startsWith("MSGS3027 cancel by ")), lines.toString());
      } finally {
        Spooler.unregister(name);
      }
      assertFalse(server.isRegistered(name));
    } finally {
      log.removeHandler(capture);
    }
  }

  /**
   * The store's clock, which runs {@link #beforeLookingAgain} once, when an operation looks its
   * message up again after acting (QueueAdmin.find reads the time first): a delivery ending exactly
   * between the two.
   */
  static final class RaceClock extends Clock {
    volatile Runnable beforeLookingAgain;

    @Override
    public Instant instant() {
      Runnable race = beforeLookingAgain;
      if (race != null && lookingAgain()) {
        beforeLookingAgain = null;
        race.run();
      }
      return Instant.now();
    }

    private static boolean lookingAgain() {
      return StackWalker.getInstance()
          .walk(
              frames ->
                  frames.anyMatch(
                      f ->
                          f.getClassName().equals(QueueAdmin.class.getName())
                              && f.getMethodName().equals("find")));
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }
  }

  @Test
  void a_message_whose_delivery_ends_while_retryNow_or_cancel_runs_is_refused_as_not_queued()
      throws Exception {
    List<String> lines = new CopyOnWriteArrayList<>();
    Logger log = Logger.getLogger(Queue.class.getName());
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord r) {
            lines.add(r.getMessage());
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    log.addHandler(capture);
    RaceClock clock = new RaceClock();
    try (MessageStore store = MessageStore.open(TestStores.h2(dir), clock);
        QueueOperations operations = new QueueOperations(store, () -> {})) {
      var shop = store.session(new PlainConnection(store.openConnection()), "shop");
      SpoolerSession spooler =
          store.spoolerSession(
              new PlainConnection(store.openConnection()), "node-1", Duration.ofMinutes(5));
      ObjectName name = Queue.register(operations);
      try {
        for (String operation : List.of("retryNow", "cancel")) {
          EntryId id =
              TestMessage.subject(operation)
                  .from("shop@example.com")
                  .to("bob@example.net")
                  .submitIn(shop.openFolder(FolderKind.OUTBOX));
          assertEquals(List.of(id), spooler.claim(1), "in delivery when the operator acts");
          clock.beforeLookingAgain = () -> spooler.finishedMsg(0, id);

          RuntimeMBeanException refused =
              assertThrows(
                  RuntimeMBeanException.class, () -> invoke(name, operation, id.toString()));
          assertNull(clock.beforeLookingAgain, "the delivery ended between act and look-up");
          assertInstanceOf(IllegalArgumentException.class, refused.getCause(), operation);
          String reason = refused.getCause().getMessage();
          assertTrue(
              reason.startsWith("MAPI_E_NOT_FOUND") && reason.contains("no message " + id), reason);
          assertTrue(
              lines.stream()
                  .anyMatch(
                      l ->
                          l.startsWith("MSGS1072 ")
                              && l.contains(operation.equals("retryNow") ? "retry now" : "cancel")
                              && l.contains(id.toString())),
              lines.toString());
        }
      } finally {
        Spooler.unregister(name);
      }
    } finally {
      log.removeHandler(capture);
    }
  }

  private Object invoke(ObjectName name, String operation, String argument) throws Exception {
    return server.invoke(
        name, operation, new Object[] {argument}, new String[] {"java.lang.String"});
  }
}
