package org.msgstore.ra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.resource.NotSupportedException;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ResourceAdapterInternalException;
import jakarta.resource.spi.TransactionSupport.TransactionSupportLevel;
import jakarta.transaction.TransactionManager;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.msgstore.FolderKind;
import org.msgstore.Message;
import org.msgstore.MessageStoreConnection;
import org.msgstore.PropTag;
import org.msgstore.RecipientType;
import org.msgstore.store.PostgresCluster;
import org.msgstore.store.StoreSettings;

/**
 * The store in the application's own PostgreSQL datasource (dataSource mode), under the real
 * Narayana transaction manager: the business row and the message go through the same datasource, so
 * the transaction has one resource and Narayana commits it in one phase, with no prepare.
 */
@ExtendWith(PostgresCluster.Extension.class)
class OnePhaseCommitTest {
  private StoreSettings database;
  private EnlistingDataSource appDs;
  private AdapterFixture adapter;
  private TransactionManager tm;
  private AtomicInteger wakeUps;

  @BeforeEach
  void start() throws Exception {
    database = PostgresCluster.get().newDatabase().inSchema("store");
    tm = Narayana.transactionManager();
    appDs = new EnlistingDataSource(SubmitOnApplicationDataSourceTest.xaDataSource(database), tm);
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

    assertEquals(0, appDs.prepares.get(), "no prepare");
    assertEquals(1, appDs.onePhaseCommits.get(), "one one-phase commit");
    assertEquals(0, appDs.twoPhaseCommits.get());
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
  void the_connection_definition_asks_the_container_for_no_transaction_of_its_own()
      throws Exception {
    assertEquals(TransactionSupportLevel.NoTransaction, adapter.mcf.getTransactionSupport());
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

  @Test
  void the_default_store_schema_is_refused_when_the_database_user_has_its_name() {
    // The test server's user is "msgstore": PostgreSQL's default search_path ("$user", public)
    // would show the store's tables to the application's unqualified queries.
    StoreSettings defaultSchema = database.inSchema("");
    ResourceAdapterInternalException e =
        assertThrows(
            ResourceAdapterInternalException.class,
            () -> AdapterFixture.startOnDataSource("default-schema", appDs, defaultSchema).close());
    assertTrue(e.getMessage().contains("search_path"), e.getMessage());
    assertTrue(e.getMessage().contains("storeSchema"), e.getMessage());
  }
}
