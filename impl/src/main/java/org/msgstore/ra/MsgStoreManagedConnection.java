package org.msgstore.ra;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionEventListener;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.IllegalStateException;
import jakarta.resource.spi.LocalTransaction;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionMetaData;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import javax.security.auth.Subject;
import javax.transaction.xa.XAResource;
import org.msgstore.MapiError;
import org.msgstore.MapiException;
import org.msgstore.ra.access.AccessPolicy;
import org.msgstore.store.MailboxSession;
import org.msgstore.store.StoreConnection;

/**
 * A connection to the store, lent by the pool to one user at a time through {@link
 * ConnectionHandle}s. How it reaches the database and its transactions is its {@link StoreLink}: a
 * physical XA connection of its own, or the application's datasource.
 *
 * <p>Locking: no method is {@code synchronized} and no lock is held while events fire. State is in
 * atomics and concurrent collections, because the handle path ({@code close()} on an application
 * thread) and {@code destroy()}/{@code cleanup()} (pool threads) run concurrently and IronJacamar
 * calls back into the pool from the event (JBJCA-1536).
 */
final class MsgStoreManagedConnection implements ManagedConnection {
  private final MsgStoreManagedConnectionFactory factory;
  private final StoreLink link;
  private final BiFunction<StoreConnection, String, MailboxSession> sessions;
  private final Set<ConnectionHandle> handles = ConcurrentHashMap.newKeySet();
  private final ConnectionEvents events = new ConnectionEvents(this);
  private final AtomicBoolean destroyed = new AtomicBoolean();
  private final AtomicBoolean errorReported = new AtomicBoolean();
  private volatile PrintWriter logWriter;

  /**
   * @param link made for this connection by {@code links}; owned from now on, closed by {@link
   *     #destroy()}
   * @param sessions opens the store's view of a mailbox for a handle
   */
  MsgStoreManagedConnection(
      MsgStoreManagedConnectionFactory factory,
      LinkFactory links,
      BiFunction<StoreConnection, String, MailboxSession> sessions)
      throws ResourceException {
    this.factory = factory;
    this.sessions = sessions;
    this.link = links.create(this);
  }

  /** Makes the link of a new managed connection (which some links call back into). */
  @FunctionalInterface
  interface LinkFactory {
    StoreLink create(MsgStoreManagedConnection mc) throws ResourceException;
  }

  MsgStoreManagedConnectionFactory factory() {
    return factory;
  }

  /** Whether the pool may hand this connection out again. */
  boolean isUsable() {
    return !destroyed.get() && !errorReported.get() && link.usable();
  }

  /** Usable, and its link's physical connection answers within {@code timeoutSeconds}. */
  boolean isValid(int timeoutSeconds) {
    return isUsable() && link.isValid(timeoutSeconds);
  }

  @Override
  public Object getConnection(Subject subject, ConnectionRequestInfo info)
      throws ResourceException {
    checkNotDestroyed("getConnection");
    String requested;
    if (info == null) {
      requested = MailboxRequestInfo.validMailbox(factory.getDefaultMailbox());
    } else if (info instanceof MailboxRequestInfo request) {
      requested = request.mailbox();
    } else {
      throw foreign("connection request info", info);
    }
    String mailbox;
    try {
      mailbox =
          MailboxRequestInfo.validMailbox(
              factory.accessPolicy().mailbox(requested, subject, factory));
    } catch (MapiException refused) {
      // A ResourceException the pool hands back to the connection factory, which rethrows the
      // refusal itself at the application's call.
      throw (ResourceException)
          new jakarta.resource.spi.SecurityException(refused.getMessage()).initCause(refused);
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
    try {
      link.reset();
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
    try {
      link.close();
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
    return link.xaResource();
  }

  @Override
  public LocalTransaction getLocalTransaction() throws ResourceException {
    checkNotDestroyed("getLocalTransaction");
    return link.localTransaction();
  }

  @Override
  public ManagedConnectionMetaData getMetaData() throws ResourceException {
    checkNotDestroyed("getMetaData");
    return new MsgStoreMetaData(link::userName);
  }

  @Override
  public void addConnectionEventListener(ConnectionEventListener listener) {
    events.add(listener);
  }

  @Override
  public void removeConnectionEventListener(ConnectionEventListener listener) {
    events.remove(listener);
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

  /** The JDBC connection for a unit of store work through one of this connection's handles. */
  Connection jdbc() {
    if (destroyed.get()) {
      throw new MapiException(MapiError.MAPI_E_INVALID_OBJECT, RaLog.handleOnDestroyedConnection());
    }
    return link.acquire();
  }

  void release(Connection c) {
    link.release(c);
  }

  MailboxSession openSession(ConnectionHandle handle, String mailbox) {
    return sessions.apply(handle, mailbox);
  }

  /** The access rules of this connection's definition (checked valid when its factory was made). */
  AccessPolicy accessPolicy() {
    try {
      return factory.accessPolicy();
    } catch (ResourceException e) {
      throw new MapiException(MapiError.MAPI_E_CALL_FAILED, e.getMessage(), e);
    }
  }

  boolean inTransaction() {
    return link.inTransaction();
  }

  /** Runs {@code action} after the current transaction commits, never on rollback. */
  void afterCommit(Runnable action) {
    link.afterCommit(action);
  }

  /** A global transaction marked rollback-only refuses new work at the call. */
  void checkTransactionCanCommit() {
    link.checkCanCommit();
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
    return link.brokenBy(failure);
  }

  private void connectionBroken(Exception failure) {
    connectionBroken(failure, null);
  }

  private void connectionBroken(Exception failure, ConnectionHandle handle) {
    if (!errorReported.compareAndSet(false, true)) {
      return;
    }
    RaLog.connectionBroken(failure);
    events.errorOccurred(failure, handle);
  }

  /** Called once per handle, after the handle marked itself closed. */
  void handleClosed(ConnectionHandle handle) {
    handles.remove(handle);
    events.closed(handle);
  }

  void fireLocalTransactionEvent(int type) {
    events.localTransaction(type);
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
