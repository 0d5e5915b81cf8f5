package org.msgstore.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.msgstore.FolderKind;
import org.msgstore.Message;
import org.msgstore.PropTag;
import org.msgstore.RecipientType;
import org.msgstore.testing.PlainConnection;
import org.msgstore.testing.TestMessage;

/**
 * The store's cost model, counted: round trips (executions) per saved and per submitted message.
 * Counts, not timings, so the numbers are exact and a regression shows as a failed assertion.
 */
class StatementCostTest {
  @TempDir Path dir;

  @Test
  void
      a_save_costs_3_statement_executions_and_a_submit_4_for_a_message_with_3_recipients_and_an_attachment()
          throws Exception {
    try (StoreFixture fixture = new StoreFixture(dir)) {
      fixture.session("alice"); // the mailbox exists: its one-time creation is not part of the cost
      Counter counter = new Counter();
      StoreConnection counted = counted(fixture.connection(), counter);
      MailboxSession s = fixture.store.session(counted, "alice");

      Message saved = compose(s);
      counter.reset();
      saved.saveChanges();
      long saveTrips = counter.executions;
      System.out.println("saveChanges of a new message (3 recipients, 1 attachment): " + counter);

      Message submitted = compose(s);
      counter.reset();
      submitted.submit();
      long submitTrips = counter.executions;
      System.out.println("submit of a new message (3 recipients, 1 attachment): " + counter);

      // message insert, recipient batch, attachment insert
      assertEquals(3, saveTrips);
      // the same three plus the queue insert (commit is a connection call, not a statement)
      assertEquals(4, submitTrips);
    }
  }

  private static Message compose(MailboxSession s) {
    return TestMessage.subject("Order 4711 confirmed")
        .set(PropTag.PR_BODY, "Thank you for your order.".repeat(100))
        .recipient(RecipientType.TO, "Alice", "alice@example.com")
        .recipient(RecipientType.CC, "Bob", "bob@example.com")
        .recipient(RecipientType.BCC, "Audit", "audit@example.com")
        .attachment("order.txt", "text/plain", 1024)
        .createIn(s.openFolder(FolderKind.OUTBOX));
  }

  static final class Counter {
    long executions;
    long rowsInBatches;

    void reset() {
      executions = 0;
      rowsInBatches = 0;
    }

    @Override
    public String toString() {
      return executions + " statement executions (" + rowsInBatches + " rows sent in batches)";
    }
  }

  private static StoreConnection counted(PlainConnection inner, Counter counter) {
    Connection c = inner.jdbc();
    Connection proxy =
        (Connection)
            Proxy.newProxyInstance(
                StatementCostTest.class.getClassLoader(),
                new Class<?>[] {Connection.class},
                (p, method, args) -> {
                  Object result = invoke(c, method, args);
                  if (result instanceof PreparedStatement ps) {
                    return countingStatement(ps, counter);
                  }
                  return result;
                });
    return new PlainConnection(proxy);
  }

  private static final Set<String> EXECUTIONS =
      Set.of("execute", "executeQuery", "executeUpdate", "executeBatch", "executeLargeUpdate");

  private static PreparedStatement countingStatement(PreparedStatement ps, Counter counter) {
    InvocationHandler h =
        (p, method, args) -> {
          if (EXECUTIONS.contains(method.getName())) {
            counter.executions++;
          } else if (method.getName().equals("addBatch")) {
            counter.rowsInBatches++;
          }
          return invoke(ps, method, args);
        };
    return (PreparedStatement)
        Proxy.newProxyInstance(
            StatementCostTest.class.getClassLoader(), new Class<?>[] {PreparedStatement.class}, h);
  }

  private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args)
      throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
