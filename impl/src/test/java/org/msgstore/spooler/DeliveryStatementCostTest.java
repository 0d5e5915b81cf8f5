package org.msgstore.spooler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.msgstore.Attachment;
import org.msgstore.EntryId;
import org.msgstore.PropTag;
import org.msgstore.RecipientType;
import org.msgstore.spi.OutboundMessage;
import org.msgstore.store.SpoolerSession;
import org.msgstore.testing.AcceptingSmtpTransport;
import org.msgstore.testing.TestMessage;

/**
 * The spooler's cost model, counted: statement executions and commits for the delivery of one
 * claimed message whose recipients are all accepted (the common path), with a transport that reads
 * everything an SMTP transport reads. Counts, not timings, so the numbers are exact. (Before the
 * delivery's writes were folded into one transaction this was 19 executions and 3 commits.)
 */
class DeliveryStatementCostTest {
  @TempDir Path dir;
  @AutoClose private SpoolerFixture f;
  private final Counter counter = new Counter();

  @BeforeEach
  void open() {
    f = new SpoolerFixture(dir, Clock.systemUTC());
    // The suppression list is read at most every 30 seconds, not per message: read it now, so the
    // counts below are those of the deliveries alone.
    f.store.suppressionList().find(f.connection(), "warm-up@example.com");
  }

  @Test
  void delivering_a_message_deleted_after_submit_costs_6_statement_executions_and_1_commit() {
    EntryId id = submit(true);
    deliverCounted(id);
    System.out.println(
        "delivery of one message (3 recipients, 1 attachment, delete after submit): " + counter);
    assertEquals(0, f.spoolerSession("node-1").queueDepth(), "the message was finished");
    assertEquals(1, counter.commits, "verdicts, queue removal and deletion commit together");
    // reads at open: message, queue row, recipients, attachment list with the (small) attachment's
    // content; then the queue removal (which checks the lease) and the deletion (recipients and
    // attachments cascade)
    assertEquals(6, counter.executions);
  }

  @Test
  void delivering_a_message_kept_by_the_sender_costs_7_statement_executions_and_1_commit() {
    EntryId id = submit(false);
    deliverCounted(id);
    System.out.println("delivery of one message (3 recipients, 1 attachment, kept): " + counter);
    assertEquals(0, f.spoolerSession("node-1").queueDepth(), "the message was finished");
    assertEquals(
        1,
        counter.commits,
        "verdicts, provider submit time, queue removal and filing commit together");
    // the same four reads; then the queue removal, the outcomes (one batch), and the message with
    // PR_PROVIDER_SUBMIT_TIME, filed into Sent Items with its flags as the disposition leaves them,
    // in one statement (before: a read per attachment, then a save and a move: 9 executions)
    assertEquals(7, counter.executions);
  }

  @Test
  void a_delivery_thread_finishing_a_run_of_5_messages_costs_5_times_6_executions_and_1_commit() {
    List<EntryId> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(submit(true));
    }
    SpoolerSession claiming = f.spoolerSession("node-1");
    assertEquals(ids, claiming.claim(5));
    MessageDelivery delivery = countedDelivery();
    List<MessageDelivery.PendingFinish> pending = new ArrayList<>();
    for (EntryId id : ids) {
      pending.add(delivery.attempt(id));
    }
    delivery.finishTogether(pending);
    System.out.println("delivery of a run of 5 messages: " + counter);
    assertEquals(0, claiming.queueDepth(), "every message of the run was finished");
    assertEquals(1, counter.commits, "the run's finishes commit together");
    assertEquals(5 * 6, counter.executions, "per message the same reads and writes as alone");
  }

  @Test
  void claiming_20_messages_costs_2_statement_executions_and_1_commit() {
    for (int i = 0; i < 20; i++) {
      submit(true);
    }
    SpoolerConnection counted = countedSpoolerConnection();
    SpoolerSession session = f.store.spoolerSession(counted, "node-1", SpoolerFixture.LEASE);
    counted.jdbc();
    counter.reset();
    assertEquals(20, session.claim(20).size());
    System.out.println("claim of 20 messages: " + counter);
    assertEquals(1, counter.commits);
    // the due rows with their entry ids, then the 20 leases as one batch (before: 1 + 2 per
    // message)
    assertEquals(2, counter.executions);
  }

  private EntryId submit(boolean deleteAfterSubmit) {
    TestMessage order =
        TestMessage.subject("Order 4711 confirmed")
            .from("alice@example.com")
            .set(PropTag.PR_BODY, "Thank you for your order.".repeat(100))
            .recipient(RecipientType.TO, "Alice", "alice@example.com")
            .recipient(RecipientType.CC, "Bob", "bob@example.com")
            .recipient(RecipientType.BCC, "Audit", "audit@example.com")
            .attachment("order.bin", "application/octet-stream", 1024);
    if (deleteAfterSubmit) {
      order.set(PropTag.PR_DELETE_AFTER_SUBMIT, true);
    }
    return order.submitIn(f.outbox("alice"));
  }

  /**
   * Claims the message on one connection, then delivers it on a counted one, as a delivery thread
   * does.
   */
  private void deliverCounted(EntryId id) {
    SpoolerSession claiming = f.spoolerSession("node-1");
    assertEquals(List.of(id), claiming.claim(1));
    MessageDelivery delivery = countedDelivery();
    delivery.finishTogether(List.of(delivery.attempt(id))); // a run of one
    assertTrue(counter.executions > 0, "the delivery ran on the counted connection");
  }

  /** A delivery thread's logic on a counted connection, the counter reset once it is connected. */
  private MessageDelivery countedDelivery() {
    SpoolerConnection counted = countedSpoolerConnection();
    MessageDelivery delivery =
        f.delivery(counted, "node-1", new ReadingTransport(), (kind, entryId, detail) -> {});
    counted.jdbc(); // connecting is not part of the cost
    counter.reset();
    return delivery;
  }

  /** A connection whose statements and commits {@link #counter} counts. */
  private SpoolerConnection countedSpoolerConnection() {
    return f.closedWithFixture(
        new SpoolerConnection(() -> countedConnection(f.store.openConnection()), true));
  }

  /**
   * Accepts every recipient after reading what MIME composition reads: properties, recipients,
   * attachment bytes.
   */
  private static final class ReadingTransport extends AcceptingSmtpTransport {
    @Override
    protected void read(OutboundMessage message) throws IOException {
      message.get(PropTag.PR_SUBJECT);
      message.get(PropTag.PR_BODY);
      message.internetMessageId();
      message.recipients();
      for (Attachment a : message.attachments()) {
        try (InputStream in = a.openStream()) {
          in.readAllBytes();
        }
      }
    }
  }

  private static final class Counter {
    long executions;
    long commits;
    final Map<String, Integer> bySql = new TreeMap<>();

    void reset() {
      executions = 0;
      commits = 0;
      bySql.clear();
    }

    @Override
    public String toString() {
      StringBuilder s =
          new StringBuilder(executions + " statement executions, " + commits + " commits");
      bySql.forEach((sql, n) -> s.append("\n  ").append(n).append(" x ").append(sql));
      return s.toString();
    }
  }

  private static final Set<String> EXECUTIONS =
      Set.of("execute", "executeQuery", "executeUpdate", "executeBatch", "executeLargeUpdate");

  private Connection countedConnection(Connection c) {
    return proxy(
        Connection.class,
        c,
        (method, result) -> {
          if (method.getName().equals("commit")) {
            counter.commits++;
          }
          if (result instanceof PreparedStatement ps
              && method.getName().equals("prepareStatement")) {
            return countedStatement(ps, String.valueOf(lastSql.get()));
          }
          return result;
        });
  }

  private final ThreadLocal<String> lastSql = new ThreadLocal<>();

  private PreparedStatement countedStatement(PreparedStatement ps, String sql) {
    String shortSql = sql.strip().replaceAll("\\s+", " ");
    String key = shortSql.length() > 90 ? shortSql.substring(0, 90) + "..." : shortSql;
    return proxy(
        PreparedStatement.class,
        ps,
        (method, result) -> {
          if (EXECUTIONS.contains(method.getName())) {
            counter.executions++;
            counter.bySql.merge(key, 1, Integer::sum);
          }
          return result;
        });
  }

  @FunctionalInterface
  private interface After {
    Object apply(Method method, Object result) throws Exception;
  }

  @SuppressWarnings("unchecked")
  private <T> T proxy(Class<T> type, T target, After after) {
    return (T)
        Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {type},
            (p, method, args) -> {
              if (type == Connection.class
                  && method.getName().equals("prepareStatement")
                  && args != null
                  && args[0] instanceof String sql) {
                lastSql.set(sql);
              }
              Object result;
              try {
                result = method.invoke(target, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
              return after.apply(method, result);
            });
  }
}
