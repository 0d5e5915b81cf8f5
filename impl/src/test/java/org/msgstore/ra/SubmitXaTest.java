package org.msgstore.ra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.transaction.RollbackException;
import jakarta.transaction.TransactionManager;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.XAConnection;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.msgstore.EntryId;
import org.msgstore.FolderKind;
import org.msgstore.Message;
import org.msgstore.MessageFlags;
import org.msgstore.MessageStoreConnection;
import org.msgstore.OpenFlag;
import org.msgstore.PropTag;
import org.msgstore.RecipientType;
import org.msgstore.Row;
import org.msgstore.store.QueueEvent;

/**
 * submit() in a JTA transaction with the real Narayana transaction manager (R17, and ARCHITECTURE
 * §4): the queue row and every flag commit or roll back with the caller's other XA resources, and
 * the spooler is told only after commit.
 */
class SubmitXaTest {
  private AdapterFixture adapter;
  private TransactionManager tm;
  private XAConnection ordersDb;
  private Connection orders;
  private final AtomicInteger wakeUps = new AtomicInteger();

  @BeforeEach
  void start() throws Exception {
    adapter = AdapterFixture.start("submit-xa");
    tm = adapter.tm;
    adapter.ra.store().addQueueListener(e -> {
      if (e.kind() == QueueEvent.Kind.TABLE_ROW_ADDED) {
        wakeUps.incrementAndGet();
      }
    });
    JdbcDataSource ds = H2Databases.dataSource(adapter.directory, "orders");
    ordersDb = ds.getXAConnection();
    orders = ordersDb.getConnection();
    try (Statement s = orders.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS orders(id INT PRIMARY KEY)");
    }
  }

  @AfterEach
  void stop() throws Exception {
    if (tm.getTransaction() != null) {
      tm.rollback();
    }
    ordersDb.close();
    adapter.close();
  }

  private EntryId draft(String subject) {
    try (MessageStoreConnection c = adapter.factory.getConnection("shop")) {
      Message m = c.openFolder(FolderKind.OUTBOX).createMessage();
      m.set(PropTag.PR_SUBJECT, subject);
      m.addRecipient(RecipientType.TO, "Bob", "SMTP", "bob@example.com");
      m.saveChanges();
      return m.entryId();
    }
  }

  private void submitWithOrder(EntryId draft, int orderId, boolean failPrepare) throws Exception {
    try (MessageStoreConnection c = adapter.factory.getConnection("shop")) {
      c.openEntry(draft, OpenFlag.MAPI_MODIFY).submit();
    }
    tm.getTransaction().enlistResource(new ScriptedXAResource(ordersDb.getXAResource(), failPrepare));
    try (Statement s = orders.createStatement()) {
      s.execute("INSERT INTO orders VALUES (" + orderId + ")");
    }
  }

  private int flags(EntryId id) {
    try (MessageStoreConnection c = adapter.factory.getConnection("shop");
        Message m = c.openEntry(id)) {
      return m.get(PropTag.PR_MESSAGE_FLAGS);
    }
  }

  private List<EntryId> queue() throws Exception {
    try (ConnectionHandle h = (ConnectionHandle) adapter.factory.getConnection("shop")) {
      return adapter.ra.store().spoolerSession(h, "observer", Duration.ofMinutes(1)).getOutgoingQueue(0).stream().map(Row::entryId).toList();
    }
  }

  private int orderRows() throws Exception {
    try (Statement s = orders.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM orders")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  @Test
  void R17_submit_and_a_business_row_commit_together_and_the_spooler_is_woken_once_after_commit() throws Exception {
    EntryId id = draft("order 1");
    tm.begin();
    submitWithOrder(id, 1, false);
    assertEquals(0, wakeUps.get(), "nobody woken before commit");
    tm.commit();
    assertEquals(1, orderRows());
    assertEquals(List.of(id), queue());
    assertEquals(MessageFlags.MSGFLAG_SUBMIT, flags(id) & MessageFlags.MSGFLAG_SUBMIT);
    assertEquals(1, wakeUps.get());
  }

  @Test
  void R17_a_rolled_back_submit_leaves_queue_and_flags_unchanged_and_wakes_nobody() throws Exception {
    EntryId id = draft("order 2");
    int before = flags(id);
    tm.begin();
    submitWithOrder(id, 2, false);
    tm.rollback();
    assertEquals(0, orderRows());
    assertTrue(queue().isEmpty());
    assertEquals(before, flags(id), "PR_MESSAGE_FLAGS as before the submit");
    assertEquals(0, wakeUps.get());
    try (MessageStoreConnection c = adapter.factory.getConnection("shop");
        Message m = c.openEntry(id, OpenFlag.MAPI_MODIFY)) {
      assertEquals("order 2", m.get(PropTag.PR_SUBJECT), "still an editable draft");
    }
  }

  @Test
  void a_submit_in_a_transaction_marked_rollback_only_fails_at_the_call_and_leaves_nothing() throws Exception {
    EntryId id = draft("order 4");
    tm.begin();
    try (MessageStoreConnection c = adapter.factory.getConnection("shop")) {
      Message m = c.openEntry(id, OpenFlag.MAPI_MODIFY); // enlisted while the transaction was active
      tm.setRollbackOnly();
      org.msgstore.MapiException e = assertThrows(org.msgstore.MapiException.class, m::submit);
      assertTrue(e.getMessage().contains("rollback-only"), e.getMessage());
    }
    tm.rollback();
    assertTrue(queue().isEmpty());
    assertEquals(0, flags(id) & MessageFlags.MSGFLAG_SUBMIT);
  }

  @Test
  void when_the_other_resource_fails_to_prepare_neither_the_order_nor_the_message_commits() throws Exception {
    EntryId id = draft("order 3");
    tm.begin();
    submitWithOrder(id, 3, true);
    assertThrows(RollbackException.class, tm::commit);
    assertEquals(0, orderRows());
    assertTrue(queue().isEmpty());
    assertEquals(0, flags(id) & MessageFlags.MSGFLAG_SUBMIT);
    assertEquals(0, wakeUps.get());
  }
}
