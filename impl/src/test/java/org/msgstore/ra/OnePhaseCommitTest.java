package org.msgstore.ra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.resource.NotSupportedException;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ManagedConnection;
import jakarta.transaction.TransactionManager;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.XADataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.msgstore.FolderKind;
import org.msgstore.Message;
import org.msgstore.MessageStoreConnection;
import org.msgstore.PropTag;
import org.msgstore.RecipientType;
import org.msgstore.store.StoreSettings;

/**
 * The store in the application's own datasource (dataSource mode), under the real Narayana
 * transaction manager: the business row and the message go through the same datasource, so the
 * transaction has one resource and Narayana commits it in one phase, with no prepare. Each database
 * runs it through its driver's XA data source, as a server's datasource enlists it.
 */
abstract class OnePhaseCommitTest {
  StoreSettings database;
  EnlistingDataSource appDs;
  private AdapterFixture adapter;
  private TransactionManager tm;
  private AtomicInteger wakeUps;

  /** A new database, with the schema the store is to use in it. */
  abstract StoreSettings newDatabase();

  /** The driver's XA data source for {@code database}, set up as the store needs it. */
  abstract XADataSource xaDataSource(StoreSettings database) throws Exception;

  @BeforeEach
  void start() throws Exception {
    database = newDatabase();
    tm = Narayana.transactionManager();
    appDs = new EnlistingDataSource(xaDataSource(database), tm);
    try (Connection c = appDs.getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE orders (id INT PRIMARY KEY)");
    }
    adapter = AdapterFixture.startOnDataSource("one-phase", appDs, database);
    wakeUps = adapter.queueWakeUps();
  }

  @AfterEach
  void stop() throws Exception {
    if (tm.getTransaction() != null) {
      tm.rollback();
    }
    adapter.close();
  }

  /** In the caller's transaction: the order row and a submitted message, one datasource. */
  private void placeOrder(int id) throws Exception {
    try (Connection c = appDs.getConnection();
        Statement s = c.createStatement()) {
      s.execute("INSERT INTO orders VALUES (" + id + ")");
    }
    try (MessageStoreConnection c = adapter.factory.getConnection("shop")) {
      Message m = c.openFolder(FolderKind.OUTBOX).createMessage();
      m.set(PropTag.PR_SUBJECT, "order " + id);
      m.addRecipient(RecipientType.TO, "Bob", "SMTP", "bob@example.com");
      m.submit();
    }
  }

  private int orders() throws Exception {
    try (Connection c = appDs.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM orders")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  @Test
  void an_order_row_and_a_submit_on_one_datasource_commit_in_one_phase_with_no_prepare()
      throws Exception {
    adapter.saveToOutbox("shop", "creates the mailbox before the transaction");
    tm.begin();
    placeOrder(1);
    assertEquals(0, wakeUps.get(), "nobody woken before commit");
    tm.commit();

    assertEquals(
        List.of("start", "end", "commit(1PC)"),
        appDs.xaCalls(),
        "one resource, committed in one phase, never prepared");
    assertEquals(1, orders());
    assertTrue(adapter.outboxSubjects("shop").contains("order 1"));
    assertEquals(1, wakeUps.get(), "the spooler is woken once, after commit");
  }

  @Test
  void a_rollback_leaves_neither_the_order_nor_the_message_and_wakes_nobody() throws Exception {
    tm.begin();
    placeOrder(2);
    tm.rollback();

    assertEquals(0, orders());
    assertEquals(List.of(), adapter.outboxSubjects("shop"));
    assertEquals(0, wakeUps.get());
  }

  @Test
  void a_mailbox_first_opened_in_a_transaction_that_rolls_back_stays_created() throws Exception {
    tm.begin();
    placeOrder(3);
    tm.rollback();

    // Created outside the caller's transaction: its folders are there for the next caller.
    adapter.saveToOutbox("shop", "after the rollback");
    assertEquals(List.of("after the rollback"), adapter.outboxSubjects("shop"));
  }

  @Test
  void outside_a_transaction_each_call_commits_alone_and_every_connection_goes_back()
      throws Exception {
    adapter.saveToOutbox("shop", "no transaction");
    assertEquals(List.of("no transaction"), adapter.outboxSubjects("shop"));
    assertEquals(0, appDs.openConnections.get(), "no datasource connection left open");
  }

  @Test
  void
      a_container_configured_for_a_transaction_of_the_connections_own_is_told_to_use_NoTransaction()
          throws Exception {
    ManagedConnection mc = adapter.mcf.createManagedConnection(null, null);
    try {
      ResourceException e = assertThrows(NotSupportedException.class, mc::getXAResource);
      assertTrue(e.getMessage().contains("MSGS1052"), e.getMessage());
      assertTrue(e.getMessage().contains("NoTransaction"), e.getMessage());
      assertThrows(NotSupportedException.class, mc::getLocalTransaction);
    } finally {
      mc.destroy();
    }
  }
}
