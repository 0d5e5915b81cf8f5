package org.msgstore.ra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.LocalTransaction;
import jakarta.resource.spi.LocalTransactionException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.transaction.xa.XAResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.msgstore.testing.TestXid;

/** jca-notes §4 rule 9: the LocalTransaction fallback, through the public API. */
class LocalTransactionTest {
  private AdapterFixture adapter;
  private MsgStoreManagedConnection mc;
  private RecordingListener events;
  private LocalTransaction tx;
  private ConnectionHandle handle;

  @BeforeEach
  void start() throws Exception {
    adapter = AdapterFixture.start("local");
    mc = (MsgStoreManagedConnection) adapter.mcf.createManagedConnection(null, null);
    adapter.cm.created.add(mc);
    events = new RecordingListener();
    mc.addConnectionEventListener(events);
    tx = mc.getLocalTransaction();
    handle = (ConnectionHandle) mc.getConnection(null, new MailboxRequestInfo("alice"));
  }

  @AfterEach
  void stop() throws Exception {
    adapter.close();
  }

  private List<Integer> eventIds() {
    return events.events.stream().map(ConnectionEvent::getId).toList();
  }

  @Test
  void commit_makes_the_work_visible_and_fires_STARTED_then_COMMITTED() throws Exception {
    tx.begin();
    assertTrue(handle.inTransaction());
    AdapterFixture.saveToOutbox(handle, "local commit");
    assertEquals(List.of(), adapter.outboxSubjects("alice"));

    tx.commit();

    assertEquals(List.of("local commit"), adapter.outboxSubjects("alice"));
    assertEquals(
        List.of(
            ConnectionEvent.LOCAL_TRANSACTION_STARTED, ConnectionEvent.LOCAL_TRANSACTION_COMMITTED),
        eventIds());
    assertFalse(handle.inTransaction());
    assertTrue(handle.jdbc().getAutoCommit());
  }

  @Test
  void rollback_leaves_nothing_and_fires_STARTED_then_ROLLEDBACK() throws Exception {
    tx.begin();
    AdapterFixture.saveToOutbox(handle, "local rollback");

    tx.rollback();

    assertEquals(List.of(), adapter.outboxSubjects("alice"));
    assertEquals(
        List.of(
            ConnectionEvent.LOCAL_TRANSACTION_STARTED,
            ConnectionEvent.LOCAL_TRANSACTION_ROLLEDBACK),
        eventIds());
    assertTrue(handle.jdbc().getAutoCommit());
  }

  @Test
  void afterCommit_actions_run_after_a_local_commit_and_never_after_a_rollback() throws Exception {
    AtomicInteger ran = new AtomicInteger();
    tx.begin();
    handle.afterCommit(ran::incrementAndGet);
    tx.rollback();
    assertEquals(0, ran.get());

    tx.begin();
    handle.afterCommit(ran::incrementAndGet);
    assertEquals(0, ran.get());
    tx.commit();
    assertEquals(1, ran.get());
  }

  @Test
  void begin_twice_commit_or_rollback_without_begin_are_refused() throws Exception {
    assertThrows(LocalTransactionException.class, tx::commit);
    assertThrows(LocalTransactionException.class, tx::rollback);
    tx.begin();
    assertThrows(LocalTransactionException.class, tx::begin);
    tx.rollback();
  }

  @Test
  void a_local_transaction_cannot_begin_while_an_XA_branch_is_started() throws Exception {
    XAResource xa = mc.getXAResource();
    TestXid xid = TestXid.of("local-vs-xa");
    xa.start(xid, XAResource.TMNOFLAGS);
    try {
      assertThrows(LocalTransactionException.class, tx::begin);
    } finally {
      xa.end(xid, XAResource.TMFAIL);
      xa.rollback(xid);
    }
  }

  @Test
  void outside_any_transaction_each_store_call_commits_on_its_own() throws Exception {
    AdapterFixture.saveToOutbox(handle, "autocommitted");
    assertEquals(List.of("autocommitted"), adapter.outboxSubjects("alice"));
  }
}
