package org.msgstore.ra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ResourceAdapterInternalException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.security.auth.Subject;
import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import org.junit.jupiter.api.Test;
import org.msgstore.FolderKind;
import org.msgstore.MapiError;
import org.msgstore.MapiException;
import org.msgstore.MessageStoreConnectionFactory;

/**
 * WildFly registers a connection definition's recovery before it starts the adapter, and its
 * transaction manager's first scans may ask for the recovery connection in between. Those scans get
 * a connection (not an error, which the server logged as IJ000906 at every start) whose recovery
 * answers XAER_RMFAIL: unavailable, never "nothing in doubt", which would make the transaction
 * manager forget the branches its log holds for this resource. It is never lent to an application,
 * and it is replaced once the adapter runs.
 */
class RecoveryBeforeStartTest {
  private static final Subject RECOVERY = new Subject();

  @Test
  void a_recovery_scan_before_the_start_ends_is_told_to_ask_again_not_that_nothing_is_in_doubt()
      throws Exception {
    MsgStoreManagedConnectionFactory mcf = new MsgStoreManagedConnectionFactory();
    mcf.setResourceAdapter(new MsgStoreResourceAdapter()); // associated, not started yet

    ManagedConnection mc = mcf.createManagedConnection(RECOVERY, null);
    XAResource xa = mc.getXAResource();

    XAException scan =
        assertThrows(
            XAException.class,
            () -> xa.recover(XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN),
            "an empty list would tell the transaction manager nothing is in doubt");
    assertEquals(XAException.XAER_RMFAIL, scan.errorCode);
    XAException e = assertThrows(XAException.class, () -> xa.rollback(null));
    assertEquals(XAException.XAER_RMFAIL, e.errorCode);
    // IronJacamar's recovery asks the handle isValid(int): false, so it asks again next scan.
    ConnectionHandle handle = (ConnectionHandle) mc.getConnection(RECOVERY, null);
    assertFalse(handle.isValid(1), "a recovery connection made before the start is replaced");
  }

  @Test
  void a_connection_made_before_the_start_never_matches_a_request_and_using_one_fails_clearly()
      throws Exception {
    MsgStoreManagedConnectionFactory mcf = new MsgStoreManagedConnectionFactory();
    mcf.setResourceAdapter(new MsgStoreResourceAdapter());
    ManagedConnection early = mcf.createManagedConnection(null, null);

    assertNull(mcf.matchManagedConnections(Set.of(early), null, null));
    ConnectionHandle handle = (ConnectionHandle) early.getConnection(null, null);
    MapiException e = assertThrows(MapiException.class, () -> handle.openFolder(FolderKind.OUTBOX));
    assertEquals(MapiError.MAPI_E_CALL_FAILED, e.error());
    assertTrue(e.getMessage().contains(RaLog.NOT_ASSOCIATED.id()), e.getMessage());
  }

  @Test
  void
      an_application_asking_before_the_start_ended_is_refused_with_MAPI_E_NOT_INITIALIZED_and_MSGS1071()
          throws Exception {
    MsgStoreManagedConnectionFactory mcf = new MsgStoreManagedConnectionFactory();
    mcf.setResourceAdapter(new MsgStoreResourceAdapter()); // associated, not started yet
    // Without a pool each request gets a new managed connection, as a pool's first one: unmatched.
    MessageStoreConnectionFactory factory =
        (MessageStoreConnectionFactory)
            mcf.createConnectionFactory(new NonManagedConnectionManager());
    List<LogRecord> logged = new ArrayList<>();
    Handler capture = capturing(logged);
    Logger raLog = Logger.getLogger("org.msgstore.ra");
    raLog.addHandler(capture);
    try {
      MapiException e = assertThrows(MapiException.class, () -> factory.getConnection("orders"));
      assertEquals(MapiError.MAPI_E_NOT_INITIALIZED, e.error());
      assertTrue(e.getMessage().contains(RaLog.REFUSED_BEFORE_START.id() + ": "), e.getMessage());
      assertTrue(e.getMessage().contains("mailbox 'orders'"), e.getMessage());
      assertTrue(e.getMessage().contains("has not started yet"), e.getMessage());
    } finally {
      raLog.removeHandler(capture);
    }
    List<String> lines =
        logged.stream()
            .map(LogRecord::getMessage)
            .filter(m -> m.startsWith(RaLog.REFUSED_BEFORE_START.id()))
            .toList();
    assertEquals(1, lines.size(), lines.toString());
    assertTrue(lines.get(0).contains("mailbox 'orders'"), lines.get(0));
  }

  private static Handler capturing(List<LogRecord> into) {
    return new Handler() {
      @Override
      public void publish(LogRecord r) {
        synchronized (into) {
          into.add(r);
        }
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
  }

  @Test
  void once_the_adapter_runs_the_recovery_gets_the_stores_own_connection() throws Exception {
    try (AdapterFixture adapter = AdapterFixture.start("recovery-after-start")) {
      ManagedConnection mc = adapter.mcf.createManagedConnection(RECOVERY, null);
      try {
        assertInstanceOf(BranchTrackingXAResource.class, mc.getXAResource());
        assertTrue(((ConnectionHandle) mc.getConnection(RECOVERY, null)).isValid(5));
      } finally {
        mc.destroy();
      }
    }
  }

  @Test
  void after_a_failed_start_asking_for_a_connection_fails_naming_why_as_before() throws Exception {
    MsgStoreResourceAdapter ra = new MsgStoreResourceAdapter();
    ra.setLockTimeoutMs(0);
    assertThrows(
        ResourceAdapterInternalException.class,
        () -> ra.start(FakeBootstrapContext.withNarayana()));
    MsgStoreManagedConnectionFactory mcf = new MsgStoreManagedConnectionFactory();
    mcf.setResourceAdapter(ra);

    ResourceException e =
        assertThrows(ResourceException.class, () -> mcf.createManagedConnection(RECOVERY, null));
    assertTrue(e.getMessage().contains(RaLog.NOT_ASSOCIATED.id()), e.getMessage());
  }
}
