package org.msgstore.ra;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.ConnectionEventListener;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.IllegalStateException;
import jakarta.resource.spi.LocalTransaction;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionMetaData;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import javax.security.auth.Subject;
import javax.sql.XAConnection;
import javax.transaction.xa.XAResource;
import org.msgstore.MapiError;
import org.msgstore.MapiException;
import org.msgstore.store.MailboxSession;
import org.msgstore.store.StoreConnection;

/**
 * One physical XA connection to the store database, lent by the pool to one user at a time through
 * {@link ConnectionHandle}s.
 *
 * <p>Locking: no method is {@code synchronized} and no lock is held while events fire. State is in
 * atomics and concurrent collections, because the handle path ({@code close()} on an application
 * thread) and {@code destroy()}/{@code cleanup()} (pool threads) run concurrently and IronJacamar
 * calls back into the pool from the event (JBJCA-1536).
 */
final class MsgStoreManagedConnection implements ManagedConnection {
  private final MsgStoreManagedConnectionFactory factory;
  private final XAConnection physical;
  private final Connection jdbc;
  private final BiFunction<StoreConnection, String, MailboxSession> sessions;
  private final BranchTrackingXAResource xaResource;
  private final MsgStoreLocalTransaction localTransaction;
  private final Set<ConnectionHandle> handles = ConcurrentHashMap.newKeySet();
  private final List<ConnectionEventListener> listeners = new CopyOnWriteArrayList<>();
  private final AtomicBoolean destroyed = new AtomicBoolean();
  private final AtomicBoolean errorReported = new AtomicBoolean();
  private volatile PrintWriter logWriter;

  /**
   * @param physical owned from now on: closed by {@link #destroy()}
   * @param sessions opens the store's view of a mailbox for a handle
   */
  MsgStoreManagedConnection(
      MsgStoreManagedConnectionFactory factory,
      XAConnection physical,
      BiFunction<StoreConnection, String, MailboxSession> sessions)
      throws ResourceException {
    this.factory = factory;
    this.physical = physical;
    this.sessions = sessions;
    try {
      // One logical connection for the whole life: drivers close the previous one on each call.
      this.jdbc = physical.getConnection();
      this.jdbc.setAutoCommit(true);
      this.xaResource = new BranchTrackingXAResource(physical.getXAResource());
    } catch (SQLException e) {
      throw new ResourceException(RaLog.physicalUnusable(e), e);
    }
    this.localTransaction = new MsgStoreLocalTransaction(this, jdbc);
  }

  MsgStoreManagedConnectionFactory factory() {
    return factory;
  }

  /** Whether the pool may hand this connection out again. */
  boolean isUsable() {
    return !destroyed.get() && !errorReported.get();
  }

  @Override
  public Object getConnection(Subject subject, ConnectionRequestInfo info)
      throws ResourceException {
    checkNotDestroyed("getConnection");
    String mailbox;
    if (info == null) {
      mailbox = MailboxRequestInfo.validMailbox(factory.getDefaultMailbox());
    } else if (info instanceof MailboxRequestInfo request) {
      mailbox = request.mailbox();
    } else {
      throw foreign("connection request info", info);
    }
    ConnectionHandle handle = new ConnectionHandle(this, mailbox);
    handles.add(handle);
    return handle;
  }

  @Override
  public void associateConnection(Object connection) throws ResourceException {
    checkNotDestroyed("associateConnection");
    if (!(connection instanceof ConnectionHandle handle)) {
      throw foreign("connection handle", connection);
    }
    MsgStoreManagedConnection previous = handle.moveTo(this);
    if (previous != this) {
      previous.handles.remove(handle);
    }
    handles.add(handle);
  }

  /**
   * Ends the current use: every handle handed out stops working, an unfinished local transaction is
   * rolled back and auto-commit is restored, so the next user starts clean. The physical connection
   * stays open for reuse.
   */
  @Override
  public void cleanup() throws ResourceException {
    checkNotDestroyed("cleanup");
    invalidateHandles();
    localTransaction.reset();
    xaResource.reset();
    try {
      if (!jdbc.getAutoCommit()) {
        jdbc.rollback();
        jdbc.setAutoCommit(true);
      }
    } catch (SQLException e) {
      connectionBroken(e);
      throw new ResourceException(RaLog.resetFailed(e), e);
    }
  }

  /** Closes the physical connection; a second call does nothing. */
  @Override
  public void destroy() throws ResourceException {
    if (!destroyed.compareAndSet(false, true)) {
      return;
    }
    invalidateHandles();
    localTransaction.reset();
    xaResource.reset();
    if (xaResource.undecided() > 0) {
      // H2 rolls back a prepared branch when its session closes normally (it keeps it only across
      // a crash), so a transaction manager that later commits it will find it gone.
      RaLog.preparedBranchesClosed(xaResource.undecided());
    }
    try {
      physical.close();
    } catch (SQLException e) {
      throw new ResourceException(RaLog.physicalCloseFailed(e), e);
    }
  }

  private void invalidateHandles() {
    for (ConnectionHandle handle : handles) {
      handle.invalidate();
      handles.remove(handle);
    }
  }

  @Override
  public XAResource getXAResource() throws ResourceException {
    checkNotDestroyed("getXAResource");
    return xaResource;
  }

  @Override
  public LocalTransaction getLocalTransaction() throws ResourceException {
    checkNotDestroyed("getLocalTransaction");
    return localTransaction;
  }

  @Override
  public ManagedConnectionMetaData getMetaData() throws ResourceException {
    checkNotDestroyed("getMetaData");
    return new MsgStoreMetaData(jdbc);
  }

  @Override
  public void addConnectionEventListener(ConnectionEventListener listener) {
    if (listener != null) {
      listeners.add(listener);
    }
  }

  @Override
  public void removeConnectionEventListener(ConnectionEventListener listener) {
    listeners.remove(listener);
  }

  @Override
  public void setLogWriter(PrintWriter out) {
    this.logWriter = out;
  }

  @Override
  public PrintWriter getLogWriter() {
    return logWriter;
  }

  // ---- the handle path: called by ConnectionHandle, never under a lock ----

  /** The physical connection for a store call through one of this connection's handles. */
  Connection jdbc() {
    if (destroyed.get()) {
      throw new MapiException(MapiError.MAPI_E_INVALID_OBJECT, RaLog.handleOnDestroyedConnection());
    }
    return jdbc;
  }

  MailboxSession openSession(ConnectionHandle handle, String mailbox) {
    return sessions.apply(handle, mailbox);
  }

  boolean inTransaction() {
    return xaResource.associated() || localTransaction.active();
  }

  /**
   * Runs {@code action} after the current transaction commits: after the local commit, or through
   * the container's synchronization registry for a global transaction (after every resource of it
   * committed).
   */
  /**
   * jca-notes §4 rule 14: a global transaction marked rollback-only refuses new work at the call.
   */
  void checkTransactionCanCommit() {
    if (!xaResource.associated()) {
      return;
    }
    TransactionSynchronizationRegistry registry;
    try {
      registry = factory.requireAdapter().transactionSynchronizationRegistry();
    } catch (ResourceException e) {
      return; // no registry to ask: the transaction manager decides at the end, as it always does
    }
    if (registry != null && registry.getTransactionKey() != null && registry.getRollbackOnly()) {
      throw new MapiException(MapiError.MAPI_E_CALL_FAILED, RaLog.rollbackOnly());
    }
  }

  void afterCommit(Runnable action) {
    if (localTransaction.active()) {
      localTransaction.afterCommit(action);
      return;
    }
    if (!xaResource.associated()) {
      throw new java.lang.IllegalStateException(RaLog.afterCommitWithoutTransaction());
    }
    TransactionSynchronizationRegistry registry;
    try {
      registry = factory.requireAdapter().transactionSynchronizationRegistry();
    } catch (ResourceException e) {
      throw new MapiException(MapiError.MAPI_E_CALL_FAILED, e.getMessage(), e);
    }
    if (registry == null) {
      throw new MapiException(MapiError.MAPI_E_NO_SUPPORT, RaLog.noSynchronizationRegistry());
    }
    registry.registerInterposedSynchronization(new RunAfterCommit(action));
  }

  /** Runs an action on commit only; its failure is logged, as afterCompletion must not throw. */
  private record RunAfterCommit(Runnable action) implements Synchronization {
    @Override
    public void beforeCompletion() {}

    @Override
    public void afterCompletion(int status) {
      if (status == Status.STATUS_COMMITTED) {
        runLogged(action);
      }
    }
  }

  static void runLogged(Runnable action) {
    try {
      action.run();
    } catch (RuntimeException e) {
      RaLog.afterCommitFailed(e);
    }
  }

  /**
   * Reports the physical connection as broken when the failure says so (SQLState class 08, or the
   * connection is closed), once: the pool then destroys this connection.
   */
  void statementFailed(SQLException failure, ConnectionHandle handle) {
    if (isConnectionFailure(failure)) {
      connectionBroken(failure, handle);
    }
  }

  private boolean isConnectionFailure(SQLException failure) {
    String state = failure.getSQLState();
    if (state != null && state.startsWith("08")) {
      return true;
    }
    try {
      return jdbc.isClosed();
    } catch (SQLException e) {
      return true;
    }
  }

  private void connectionBroken(Exception failure) {
    connectionBroken(failure, null);
  }

  private void connectionBroken(Exception failure, ConnectionHandle handle) {
    if (!errorReported.compareAndSet(false, true)) {
      return;
    }
    RaLog.connectionBroken(failure);
    ConnectionEvent event =
        new ConnectionEvent(this, ConnectionEvent.CONNECTION_ERROR_OCCURRED, failure);
    if (handle != null) {
      event.setConnectionHandle(handle);
    }
    for (ConnectionEventListener listener : listeners) {
      listener.connectionErrorOccurred(event);
    }
  }

  /** Called once per handle, after the handle marked itself closed. */
  void handleClosed(ConnectionHandle handle) {
    handles.remove(handle);
    ConnectionEvent event = new ConnectionEvent(this, ConnectionEvent.CONNECTION_CLOSED);
    event.setConnectionHandle(handle);
    for (ConnectionEventListener listener : listeners) {
      listener.connectionClosed(event);
    }
  }

  void fireLocalTransactionEvent(int type) {
    ConnectionEvent event = new ConnectionEvent(this, type);
    for (ConnectionEventListener listener : listeners) {
      switch (type) {
        case ConnectionEvent.LOCAL_TRANSACTION_STARTED -> listener.localTransactionStarted(event);
        case ConnectionEvent.LOCAL_TRANSACTION_COMMITTED ->
            listener.localTransactionCommitted(event);
        case ConnectionEvent.LOCAL_TRANSACTION_ROLLEDBACK ->
            listener.localTransactionRolledback(event);
        default ->
            throw new java.lang.IllegalArgumentException("not a local transaction event: " + type);
      }
    }
  }

  /** Whether a global branch is associated; the local transaction refuses to start then. */
  boolean globalTransactionActive() {
    return xaResource.associated();
  }

  /** Reports a failed local commit or rollback that broke the connection. */
  void localTransactionFailed(SQLException e) {
    statementFailed(e, null);
  }

  /** Number of handles handed out and not yet closed or invalidated (for tests and diagnostics). */
  int openHandles() {
    return handles.size();
  }

  private void checkNotDestroyed(String operation) throws IllegalStateException {
    if (destroyed.get()) {
      throw new IllegalStateException(RaLog.destroyedConnectionUsed(operation));
    }
  }

  private static ResourceException foreign(String what, Object object) {
    return new ResourceException(RaLog.foreignObject(what, object));
  }
}
