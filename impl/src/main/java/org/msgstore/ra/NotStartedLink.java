package org.msgstore.ra;

import jakarta.resource.NotSupportedException;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.LocalTransaction;
import java.sql.Connection;
import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import org.msgstore.MapiError;
import org.msgstore.MapiException;

/**
 * The link of a managed connection made while the adapter's start() has not ended: WildFly
 * (IronJacamar) associates a connection definition with the adapter and registers its recovery
 * before it starts the adapter, so the transaction manager's first scans can ask for a recovery
 * connection first. The store is not open, so its XAResource cannot say what the store holds in
 * doubt: its recover() fails with XAER_RMFAIL (unavailable, ask again), never an empty list. An
 * empty answer is a decision: the transaction manager takes a branch its log holds and the resource
 * did not list as completed and forgets it, so a branch prepared before a crash stayed prepared for
 * good and its message was never sent (found by InDoubtIT's halt in commit). The creation of the
 * connection itself succeeds, so the server logs no IJ000906 error for it. The link calls itself
 * invalid and unusable, so the recovery asks again at its next scan and the pool never lends it to
 * an application; a store call through it fails as one before the adapter runs always has.
 */
final class NotStartedLink implements StoreLink {
  private final XAResource unavailable = new Unavailable();

  @Override
  public Connection acquire() {
    throw notRunning();
  }

  @Override
  public void release(Connection c) {
    // Nothing was lent.
  }

  @Override
  public boolean inTransaction() {
    return false;
  }

  @Override
  public void afterCommit(Runnable action) {
    throw notRunning();
  }

  @Override
  public void checkCanCommit() {
    throw notRunning();
  }

  @Override
  public XAResource xaResource() {
    return unavailable;
  }

  @Override
  public LocalTransaction localTransaction() throws ResourceException {
    throw new NotSupportedException(RaLog.adapterOfDefinitionNotRunning());
  }

  @Override
  public void reset() {
    // Nothing held.
  }

  @Override
  public void close() {
    // Nothing owned.
  }

  @Override
  public boolean brokenBy(java.sql.SQLException failure) {
    return true;
  }

  /** Never valid: the recovery replaces it at its next scan, by then with the running adapter's. */
  @Override
  public boolean isValid(int timeoutSeconds) {
    return false;
  }

  @Override
  public boolean usable() {
    return false;
  }

  @Override
  public String userName() {
    return null;
  }

  private static MapiException notRunning() {
    return new MapiException(MapiError.MAPI_E_CALL_FAILED, RaLog.adapterOfDefinitionNotRunning());
  }

  /** Unavailable for recovery and for transactions alike, until the adapter runs. */
  private static final class Unavailable implements XAResource {
    @Override
    public Xid[] recover(int flag) throws XAException {
      throw notStarted();
    }

    @Override
    public void start(Xid xid, int flags) throws XAException {
      throw notStarted();
    }

    @Override
    public void end(Xid xid, int flags) throws XAException {
      throw notStarted();
    }

    @Override
    public int prepare(Xid xid) throws XAException {
      throw notStarted();
    }

    @Override
    public void commit(Xid xid, boolean onePhase) throws XAException {
      throw notStarted();
    }

    @Override
    public void rollback(Xid xid) throws XAException {
      throw notStarted();
    }

    @Override
    public void forget(Xid xid) throws XAException {
      throw notStarted();
    }

    @Override
    public boolean isSameRM(XAResource other) {
      return other == this;
    }

    @Override
    public int getTransactionTimeout() {
      return 0;
    }

    @Override
    public boolean setTransactionTimeout(int seconds) {
      return false;
    }

    /** XAER_RMFAIL: the resource manager is unavailable; the transaction manager tries again. */
    private static XAException notStarted() {
      XAException e = new XAException(RaLog.adapterOfDefinitionNotRunning());
      e.errorCode = XAException.XAER_RMFAIL;
      return e;
    }
  }
}
