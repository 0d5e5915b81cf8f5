package org.msgstore.ra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.resource.spi.ManagedConnection;
import jakarta.transaction.RollbackException;
import jakarta.transaction.Transaction;
import jakarta.transaction.TransactionManager;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.XAConnection;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.msgstore.MessageStoreConnection;
import org.msgstore.RecipientType;
import org.msgstore.testing.TestMessage;
import org.msgstore.testing.TestXid;

/**
 * Transactions through the public API, with the real Narayana transaction manager enlisting the
 * managed connection's XAResource as a container would (jca-notes §4 rules 10–13).
 */
class XaTransactionTest {
  private AdapterFixture adapter;
  private TransactionManager tm;
  private XAConnection otherDb;

  /**
   * The one logical connection of otherDb: H2 rolls back and closes the previous one on each
   * getConnection().
   */
  private Connection otherJdbc;

  @BeforeEach
  void start() throws Exception {
    adapter = AdapterFixture.start("xa");
    tm = adapter.tm;
  }

  @AfterEach
  void stop() throws Exception {
    if (tm.getTransaction() != null) {
      tm.rollback();
    }
    if (otherDb != null) {
      otherDb.close();
    }
    adapter.close();
  }

  /** Runs {@code check} outside the thread's transaction, as another client would. */
  private <T> T outside(java.util.function.Supplier<T> check) throws Exception {
    Transaction suspended = tm.suspend();
    try {
      return check.get();
    } finally {
      tm.resume(suspended);
    }
  }

  @Test
  void commit_makes_a_saved_message_visible_to_another_connection_only_after_commit()
      throws Exception {
    tm.begin();
    adapter.saveToOutbox("alice", "order 4711");
    assertEquals(List.of(), outside(() -> adapter.outboxSubjects("alice")));

    tm.commit();

    assertEquals(List.of("order 4711"), adapter.outboxSubjects("alice"));
  }

  @Test
  void rollback_leaves_nothing_behind() throws Exception {
    tm.begin();
    adapter.saveToOutbox("alice", "never");
    tm.rollback();

    assertEquals(List.of(), adapter.outboxSubjects("alice"));
  }

  @Test
  void store_calls_join_the_branch_only_while_it_is_started() throws Exception {
    tm.begin();
    ConnectionHandle h = (ConnectionHandle) adapter.factory.getConnection("alice");
    assertTrue(h.inTransaction());
    assertFalse(h.jdbc().getAutoCommit());
    h.close();
    tm.commit();

    try (ConnectionHandle after = (ConnectionHandle) adapter.factory.getConnection("alice")) {
      assertFalse(after.inTransaction());
      assertTrue(after.jdbc().getAutoCommit());
    }
  }

  @Test
  void a_submit_wakes_queue_listeners_after_commit_only() throws Exception {
    AtomicInteger added = adapter.queueWakeUps();

    tm.begin();
    submit("rolled back");
    tm.rollback();
    assertEquals(0, added.get());

    tm.begin();
    submit("committed");
    assertEquals(0, added.get(), "woken before commit");
    tm.commit();
    assertEquals(1, added.get());
  }

  private void submit(String subject) {
    try (MessageStoreConnection c = adapter.factory.getConnection("alice")) {
      TestMessage.subject(subject)
          .recipient(RecipientType.TO, "Bob", "bob@example.com")
          .submitFrom(c);
    }
  }

  @Test
  void afterCommit_actions_run_when_the_global_transaction_commits_and_never_on_rollback()
      throws Exception {
    AtomicInteger ran = new AtomicInteger();

    tm.begin();
    try (ConnectionHandle h = (ConnectionHandle) adapter.factory.getConnection("alice")) {
      h.afterCommit(ran::incrementAndGet);
    }
    tm.rollback();
    assertEquals(0, ran.get());

    tm.begin();
    try (ConnectionHandle h = (ConnectionHandle) adapter.factory.getConnection("alice")) {
      h.afterCommit(ran::incrementAndGet);
    }
    tm.commit();
    assertEquals(1, ran.get());
  }

  // ---- two-phase commit with a second resource manager ----

  private ScriptedXAResource enlistOtherDatabase(boolean failPrepare) throws Exception {
    JdbcDataSource ds = H2Databases.dataSource(adapter.directory, "other");
    otherDb = ds.getXAConnection();
    otherJdbc = otherDb.getConnection();
    try (Statement s = otherJdbc.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS orders(id INT PRIMARY KEY)");
    }
    ScriptedXAResource other = new ScriptedXAResource(otherDb.getXAResource(), failPrepare);
    tm.getTransaction().enlistResource(other);
    return other;
  }

  private int orders() throws SQLException {
    return ManagedConnectionLifecycleTest.count(otherJdbc, "orders");
  }

  private void insertOrder(int id) throws SQLException {
    try (Statement s = otherJdbc.createStatement()) {
      s.execute("INSERT INTO orders VALUES (" + id + ")");
    }
  }

  @Test
  void two_phase_commit_with_a_second_XA_database_commits_both() throws Exception {
    tm.begin();
    adapter.saveToOutbox("alice", "order 1 confirmed");
    ScriptedXAResource other = enlistOtherDatabase(false);
    insertOrder(1);

    tm.commit();

    assertEquals(List.of("start", "end", "prepare", "commit(2PC)"), other.calls);
    assertEquals(1, orders());
    assertEquals(List.of("order 1 confirmed"), adapter.outboxSubjects("alice"));
  }

  @Test
  void a_second_branch_that_fails_in_prepare_rolls_back_both() throws Exception {
    tm.begin();
    adapter.saveToOutbox("alice", "order 2 confirmed");
    ScriptedXAResource other = enlistOtherDatabase(true);
    insertOrder(2);

    assertThrows(RollbackException.class, tm::commit);

    assertTrue(other.calls.contains("prepare"), other.calls.toString());
    assertFalse(other.calls.contains("commit(2PC)"), other.calls.toString());
    assertEquals(0, orders());
    assertEquals(List.of(), adapter.outboxSubjects("alice"));
  }

  @Test
  void setRollbackOnly_rolls_back_both_resources() throws Exception {
    tm.begin();
    adapter.saveToOutbox("alice", "order 3 confirmed");
    enlistOtherDatabase(false);
    insertOrder(3);
    tm.setRollbackOnly();

    assertThrows(RollbackException.class, tm::commit);

    assertEquals(0, orders());
    assertEquals(List.of(), adapter.outboxSubjects("alice"));
  }

  @Test
  void the_branch_accepts_end_TMSUCCESS_before_rollback_as_Payara_does() throws Exception {
    ManagedConnection mc = adapter.mcf.createManagedConnection(null, null);
    adapter.cm.created.add(mc);
    var xa = mc.getXAResource();
    TestXid xid = TestXid.of("payara-rollback");
    xa.start(xid, javax.transaction.xa.XAResource.TMNOFLAGS);
    try (MessageStoreConnection c =
        (MessageStoreConnection) mc.getConnection(null, new MailboxRequestInfo("alice"))) {
      AdapterFixture.saveToOutbox(c, "payara");
    }
    xa.end(xid, javax.transaction.xa.XAResource.TMSUCCESS);
    xa.rollback(xid);

    assertEquals(List.of(), adapter.outboxSubjects("alice"));
  }
}
