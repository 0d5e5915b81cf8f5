package org.msgstore.ra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.IllegalStateException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.msgstore.EntryId;
import org.msgstore.FolderKind;
import org.msgstore.MapiError;
import org.msgstore.MapiException;
import org.msgstore.PropTag;

/** jca-notes §4 rules 1–8 on managed connections built over a plain H2 XA connection. */
class ManagedConnectionLifecycleTest {
  private JdbcDataSource ds;
  private MsgStoreManagedConnectionFactory mcf;
  private final List<MsgStoreManagedConnection> created = new ArrayList<>();

  @BeforeEach
  void setUp() {
    ds = H2Databases.dataSource(H2Databases.newDirectory("lifecycle"), "db");
    mcf = new MsgStoreManagedConnectionFactory();
  }

  @AfterEach
  void tearDown() throws ResourceException {
    for (MsgStoreManagedConnection mc : created) {
      mc.destroy();
    }
  }

  private MsgStoreManagedConnection newMc() throws ResourceException {
    MsgStoreManagedConnection mc =
        new MsgStoreManagedConnection(
            mcf,
            link -> new OwnDatabaseLink(link, H2Databases.xaConnection(ds), c -> c),
            (connection, mailbox) -> {
              throw new AssertionError("this test has no store");
            });
    created.add(mc);
    return mc;
  }

  private static ConnectionHandle handle(MsgStoreManagedConnection mc, String mailbox)
      throws ResourceException {
    return (ConnectionHandle) mc.getConnection(null, new MailboxRequestInfo(mailbox));
  }

  private static void assertInvalidObject(Executable call) {
    MapiException e = assertThrows(MapiException.class, call);
    assertEquals(MapiError.MAPI_E_INVALID_OBJECT, e.error());
    assertTrue(e.getMessage().contains("connection handle was closed"), e.getMessage());
  }

  @Test
  void
      close_fires_exactly_one_CONNECTION_CLOSED_with_the_managed_connection_as_source_and_the_handle()
          throws Exception {
    MsgStoreManagedConnection mc = newMc();
    RecordingListener listener = new RecordingListener();
    mc.addConnectionEventListener(listener);
    ConnectionHandle h = handle(mc, "alice");

    h.close();

    assertEquals(1, listener.events.size());
    ConnectionEvent event = listener.events.get(0);
    assertEquals(ConnectionEvent.CONNECTION_CLOSED, event.getId());
    assertSame(mc, event.getSource());
    assertSame(h, event.getConnectionHandle());
  }

  @Test
  void a_second_close_is_a_no_op_and_fires_no_second_event() throws Exception {
    MsgStoreManagedConnection mc = newMc();
    RecordingListener listener = new RecordingListener();
    mc.addConnectionEventListener(listener);
    ConnectionHandle h = handle(mc, "alice");

    h.close();
    h.close();

    assertEquals(1, listener.ofType(ConnectionEvent.CONNECTION_CLOSED).size());
  }

  @Test
  void every_method_of_a_closed_handle_fails_with_MAPI_E_INVALID_OBJECT() throws Exception {
    ConnectionHandle h = handle(newMc(), "alice");
    h.close();
    EntryId id = EntryId.of(new byte[] {1});

    assertInvalidObject(h::mailbox);
    assertInvalidObject(() -> h.openFolder(FolderKind.OUTBOX));
    assertInvalidObject(() -> h.openFolder(id));
    assertInvalidObject(() -> h.openEntry(id));
    assertInvalidObject(() -> h.abortSubmit(id));
    assertInvalidObject(() -> h.abortSubmit(id, 0));
    assertInvalidObject(() -> h.getStoreProperty(PropTag.PR_SUBJECT));
    assertInvalidObject(h::jdbc);
    assertInvalidObject(h::inTransaction);
    assertInvalidObject(() -> h.afterCommit(() -> {}));
  }

  @Test
  void CONNECTION_CLOSED_fires_after_the_state_is_updated() throws Exception {
    MsgStoreManagedConnection mc = newMc();
    AtomicReference<String> seen = new AtomicReference<>();
    ConnectionHandle h = handle(mc, "alice");
    mc.addConnectionEventListener(
        new RecordingListener(e -> seen.set("open=" + h.isOpen() + " listed=" + mc.openHandles())));

    h.close();

    assertEquals("open=false listed=0", seen.get());
  }

  @Test
  void CONNECTION_CLOSED_fires_without_holding_a_lock_that_destroy_on_another_thread_needs()
      throws Exception {
    MsgStoreManagedConnection mc = newMc();
    AtomicReference<Thread> destroyer = new AtomicReference<>();
    // A pool thread destroying the connection while the closing thread is still in the listener:
    // with a shared monitor this join would never end (JBJCA-1536).
    mc.addConnectionEventListener(
        new RecordingListener(
            e -> {
              Thread t =
                  new Thread(
                      () -> {
                        try {
                          mc.cleanup();
                          mc.destroy();
                        } catch (ResourceException ex) {
                          throw new RuntimeException(ex);
                        }
                      });
              t.start();
              destroyer.set(t);
              try {
                t.join(TimeUnit.SECONDS.toMillis(10));
              } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
              }
            }));

    handle(mc, "alice").close();

    assertFalse(
        destroyer.get().isAlive(), "destroy() blocked while CONNECTION_CLOSED was delivered");
    assertThrows(IllegalStateException.class, mc::getXAResource);
  }

  @Test
  void cleanup_invalidates_every_handle_and_keeps_the_physical_connection_for_the_next_user()
      throws Exception {
    MsgStoreManagedConnection mc = newMc();
    RecordingListener listener = new RecordingListener();
    mc.addConnectionEventListener(listener);
    ConnectionHandle first = handle(mc, "alice");
    ConnectionHandle second = handle(mc, "bob");

    mc.cleanup();

    assertInvalidObject(first::mailbox);
    assertInvalidObject(second::jdbc);
    assertEquals(0, mc.openHandles());
    first.close(); // the server already took it: closing it must not report it again
    assertTrue(listener.events.isEmpty());
    ConnectionHandle next = handle(mc, "carol");
    try (Statement s = next.jdbc().createStatement()) {
      assertTrue(s.execute("SELECT 1"));
    }
    assertEquals("carol", next.mailbox());
  }

  @Test
  void cleanup_rolls_back_an_unfinished_local_transaction_and_restores_autocommit()
      throws Exception {
    MsgStoreManagedConnection mc = newMc();
    ConnectionHandle h = handle(mc, "alice");
    try (Statement s = h.jdbc().createStatement()) {
      s.execute("CREATE TABLE t(v INT)");
    }
    mc.getLocalTransaction().begin();
    try (Statement s = h.jdbc().createStatement()) {
      s.execute("INSERT INTO t VALUES (1)");
    }

    mc.cleanup();

    ConnectionHandle next = handle(mc, "alice");
    assertFalse(next.inTransaction());
    assertTrue(next.jdbc().getAutoCommit());
    assertEquals(0, count(next.jdbc(), "t"));
  }

  @Test
  void outside_a_transaction_autocommit_is_on_so_each_store_call_commits_on_its_own()
      throws Exception {
    ConnectionHandle h = handle(newMc(), "alice");
    assertFalse(h.inTransaction());
    assertTrue(h.jdbc().getAutoCommit());
  }

  @Test
  void destroy_twice_is_safe_and_afterwards_getConnection_cleanup_getXAResource_getMetaData_refuse()
      throws Exception {
    MsgStoreManagedConnection mc = newMc();
    ConnectionHandle h = handle(mc, "alice");

    mc.destroy();
    mc.destroy();

    assertThrows(IllegalStateException.class, () -> mc.getConnection(null, null));
    assertThrows(IllegalStateException.class, mc::cleanup);
    assertThrows(IllegalStateException.class, mc::getXAResource);
    assertThrows(IllegalStateException.class, mc::getMetaData);
    assertThrows(IllegalStateException.class, mc::getLocalTransaction);
    assertInvalidObject(h::mailbox);
  }

  @Test
  void destroy_closes_the_physical_connection() throws Exception {
    MsgStoreManagedConnection mc = newMc();
    Connection physical = handle(mc, "alice").jdbc();

    mc.destroy();

    assertTrue(physical.isClosed());
  }

  /** What IronJacamar's default recovery plugin does to the handle of its recovery connection. */
  private static boolean isValidByName(Object handle) throws Exception {
    java.lang.reflect.Method isValid = handle.getClass().getMethod("isValid", int.class);
    isValid.setAccessible(true);
    return (Boolean) isValid.invoke(handle, 5);
  }

  @Test
  void a_recovery_plugin_finds_isValid_by_name_and_an_open_handle_on_a_live_connection_is_valid()
      throws Exception {
    MsgStoreManagedConnection mc = newMc();
    ConnectionHandle h = handle(mc, "alice");

    assertTrue(isValidByName(h));

    h.close();
    assertFalse(isValidByName(h));
  }

  @Test
  void a_handle_whose_physical_connection_is_closed_or_whose_connection_is_destroyed_is_not_valid()
      throws Exception {
    MsgStoreManagedConnection broken = newMc();
    ConnectionHandle onBroken = handle(broken, "alice");
    onBroken.jdbc().close();
    MsgStoreManagedConnection destroyed = newMc();
    ConnectionHandle onDestroyed = handle(destroyed, "alice");
    destroyed.destroy();

    assertFalse(onBroken.isValid(5));
    assertFalse(onDestroyed.isValid(5));
  }

  @Test
  void getXAResource_returns_the_same_instance_every_time() throws Exception {
    MsgStoreManagedConnection mc = newMc();
    assertSame(mc.getXAResource(), mc.getXAResource());
  }

  @Test
  void getMetaData_describes_the_adapter() throws Exception {
    var meta = newMc().getMetaData();
    assertNotNull(meta);
    assertEquals("MsgStore", meta.getEISProductName());
    assertNotNull(meta.getUserName());
  }

  @Test
  void getConnection_without_request_info_serves_the_default_mailbox() throws Exception {
    mcf.setDefaultMailbox("orders");
    ConnectionHandle h = (ConnectionHandle) newMc().getConnection(null, null);
    assertEquals("orders", h.mailbox());
  }

  @Test
  void getConnection_with_foreign_request_info_is_refused() throws Exception {
    MsgStoreManagedConnection mc = newMc();
    assertThrows(
        ResourceException.class, () -> mc.getConnection(null, new ConnectionRequestInfo() {}));
  }

  @Test
  void associateConnection_moves_a_handle_to_the_new_managed_connection() throws Exception {
    MsgStoreManagedConnection from = newMc();
    MsgStoreManagedConnection to = newMc();
    RecordingListener fromEvents = new RecordingListener();
    RecordingListener toEvents = new RecordingListener();
    from.addConnectionEventListener(fromEvents);
    to.addConnectionEventListener(toEvents);
    ConnectionHandle h = handle(from, "alice");

    to.associateConnection(h);

    assertEquals(0, from.openHandles());
    assertEquals(1, to.openHandles());
    from.destroy(); // the old connection going away must not take the moved handle with it
    assertEquals("alice", h.mailbox());
    assertSame(to.getXAResource(), to.getXAResource());
    try (Statement s = h.jdbc().createStatement()) {
      assertTrue(s.execute("SELECT 1"));
    }
    h.close();
    assertTrue(fromEvents.events.isEmpty());
    assertEquals(1, toEvents.ofType(ConnectionEvent.CONNECTION_CLOSED).size());
    assertSame(to, toEvents.events.get(0).getSource());
  }

  @Test
  void associateConnection_with_a_foreign_object_fails_with_ResourceException() throws Exception {
    MsgStoreManagedConnection mc = newMc();
    assertThrows(ResourceException.class, () -> mc.associateConnection("not a handle"));
    assertThrows(ResourceException.class, () -> mc.associateConnection(null));
  }

  @Test
  void matchManagedConnections_returns_null_for_an_empty_set_or_when_nothing_matches()
      throws Exception {
    MsgStoreManagedConnection mine = newMc();
    MsgStoreManagedConnectionFactory other = new MsgStoreManagedConnectionFactory();
    other.setDefaultMailbox("elsewhere");
    MailboxRequestInfo alice = new MailboxRequestInfo("alice");

    assertNull(mcf.matchManagedConnections(Set.of(), null, alice));
    assertNull(mcf.matchManagedConnections(null, null, alice));
    assertNull(other.matchManagedConnections(Set.of(mine), null, alice));
    assertNull(mcf.matchManagedConnections(Set.of(mine), null, new ConnectionRequestInfo() {}));
    assertNull(mcf.matchManagedConnections(Set.of("not a managed connection"), null, alice));
    MsgStoreManagedConnection destroyed = newMc();
    destroyed.destroy();
    assertNull(mcf.matchManagedConnections(Set.of(destroyed), null, alice));
  }

  @Test
  void matchManagedConnections_returns_a_healthy_connection_of_an_equal_factory_for_any_mailbox()
      throws Exception {
    MsgStoreManagedConnection mine = newMc();
    Set<Object> candidates = new HashSet<>(Set.of(mine));
    MsgStoreManagedConnectionFactory equalConfig = new MsgStoreManagedConnectionFactory();

    assertSame(mine, mcf.matchManagedConnections(candidates, null, new MailboxRequestInfo("bob")));
    assertSame(mine, equalConfig.matchManagedConnections(candidates, null, null));
  }

  @Test
  void managed_connection_factories_are_equal_exactly_when_their_configuration_is() {
    MsgStoreManagedConnectionFactory a = new MsgStoreManagedConnectionFactory();
    MsgStoreManagedConnectionFactory b = new MsgStoreManagedConnectionFactory();
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());

    b.setDefaultMailbox("orders");
    assertNotEquals(a, b);
    a.setDefaultMailbox("orders");
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
  }

  @Test
  void request_infos_are_equal_exactly_when_their_mailbox_is() {
    assertEquals(new MailboxRequestInfo("a"), new MailboxRequestInfo("a"));
    assertEquals(new MailboxRequestInfo("a").hashCode(), new MailboxRequestInfo("a").hashCode());
    assertNotEquals(new MailboxRequestInfo("a"), new MailboxRequestInfo("b"));
  }

  @Test
  void a_broken_physical_connection_fires_CONNECTION_ERROR_OCCURRED_once() throws Exception {
    MsgStoreManagedConnection mc = newMc();
    RecordingListener listener = new RecordingListener();
    mc.addConnectionEventListener(listener);
    ConnectionHandle h = handle(mc, "alice");
    SQLException broken = new SQLException("connection reset", "08S01");

    h.statementFailed(broken);
    h.statementFailed(new SQLException("again", "08003"));

    List<ConnectionEvent> errors = listener.ofType(ConnectionEvent.CONNECTION_ERROR_OCCURRED);
    assertEquals(1, errors.size());
    assertSame(mc, errors.get(0).getSource());
    assertSame(broken, errors.get(0).getException());
    assertNull(mcf.matchManagedConnections(Set.of(mc), null, null));
  }

  @Test
  void a_statement_failing_on_a_closed_physical_connection_fires_CONNECTION_ERROR_OCCURRED()
      throws Exception {
    MsgStoreManagedConnection mc = newMc();
    RecordingListener listener = new RecordingListener();
    mc.addConnectionEventListener(listener);
    ConnectionHandle h = handle(mc, "alice");
    h.jdbc().close();

    h.statementFailed(new SQLException("closed", "HY000"));

    assertEquals(1, listener.ofType(ConnectionEvent.CONNECTION_ERROR_OCCURRED).size());
  }

  @Test
  void an_ordinary_statement_failure_does_not_report_the_connection_broken() throws Exception {
    MsgStoreManagedConnection mc = newMc();
    RecordingListener listener = new RecordingListener();
    mc.addConnectionEventListener(listener);

    handle(mc, "alice").statementFailed(new SQLException("duplicate key", "23505"));

    assertTrue(listener.events.isEmpty());
  }

  static int count(Connection c, String table) throws SQLException {
    try (Statement s = c.createStatement();
        var rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
