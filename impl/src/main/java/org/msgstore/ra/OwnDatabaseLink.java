package org.msgstore.ra;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.LocalTransaction;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.XAConnection;
import javax.transaction.xa.XAResource;

/**
 * The store's own database: one physical XA connection for the managed connection's whole life,
 * enlisted by the container through its XAResource (or driven as a local transaction), with one
 * logical JDBC connection that every store call uses.
 */
final class OwnDatabaseLink implements StoreLink {
  private final XAConnection physical;
  private final Connection jdbc;
  private final BranchTrackingXAResource xaResource;
  private final MsgStoreLocalTransaction localTransaction;
  private final CallerTransaction callerTransaction;

  /**
   * @param physical owned from now on: closed by {@link #close()}
   * @param qualify points the logical connection's statements at the store's schema
   */
  OwnDatabaseLink(
      MsgStoreManagedConnection mc,
      XAConnection physical,
      java.util.function.UnaryOperator<Connection> qualify)
      throws ResourceException {
    this.physical = physical;
    try {
      // One logical connection for the whole life: drivers close the previous one on each call.
      Connection logical = physical.getConnection();
      logical.setAutoCommit(true);
      this.jdbc = qualify.apply(logical);
      this.xaResource = new BranchTrackingXAResource(physical.getXAResource());
    } catch (SQLException e) {
      throw new ResourceException(RaLog.physicalUnusable(e), e);
    }
    this.localTransaction = new MsgStoreLocalTransaction(mc, jdbc, xaResource::associated);
    this.callerTransaction = new CallerTransaction(mc.factory(), xaResource::associated);
  }

  /** The managed connection refuses calls once destroyed, before they get here. */
  @Override
  public Connection acquire() {
    return jdbc;
  }

  @Override
  public void release(Connection c) {
    // Held for the managed connection's life.
  }

  @Override
  public boolean inTransaction() {
    return xaResource.associated() || localTransaction.active();
  }

  /**
   * After the local commit, or through the container's synchronization registry for a global
   * transaction.
   */
  @Override
  public void afterCommit(Runnable action) {
    if (localTransaction.active()) {
      localTransaction.afterCommit(action);
    } else {
      callerTransaction.afterCommit(action);
    }
  }

  @Override
  public void checkCanCommit() {
    callerTransaction.checkCanCommit();
  }

  @Override
  public XAResource xaResource() {
    return xaResource;
  }

  @Override
  public LocalTransaction localTransaction() {
    return localTransaction;
  }

  @Override
  public void reset() throws SQLException {
    localTransaction.reset();
    xaResource.reset();
    if (!jdbc.getAutoCommit()) {
      jdbc.rollback();
      jdbc.setAutoCommit(true);
    }
  }

  @Override
  public void close() throws SQLException {
    localTransaction.reset();
    xaResource.reset();
    if (xaResource.undecided() > 0) {
      // H2 rolls back a prepared branch when its session closes normally (it keeps it only across
      // a crash), so a transaction manager that later commits it will find it gone.
      RaLog.preparedBranchesClosed(xaResource.undecided());
    }
    physical.close();
  }

  /** SQLState class 08, or the connection is closed. */
  @Override
  public boolean brokenBy(SQLException failure) {
    // A backend the server ended (57P0x) leaves pgjdbc's isClosed() false: without this the pool
    // would lend the dead connection once more.
    if (org.msgstore.store.LostConnection.causedBy(failure)) {
      return true;
    }
    try {
      return jdbc.isClosed();
    } catch (SQLException e) {
      return true;
    }
  }

  @Override
  public boolean isValid(int timeoutSeconds) {
    try {
      return jdbc.isValid(timeoutSeconds);
    } catch (SQLException e) {
      return false;
    }
  }

  @Override
  public String userName() throws SQLException {
    return jdbc.getMetaData().getUserName();
  }
}
