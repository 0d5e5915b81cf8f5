package org.msgstore.ra;

import jakarta.transaction.Synchronization;
import jakarta.transaction.Transaction;
import jakarta.transaction.TransactionManager;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;
import javax.sql.XAConnection;
import javax.sql.XADataSource;
import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;

/**
 * What a server's JTA datasource does, minus pooling: inside a transaction every {@code
 * getConnection()} hands out the one physical connection enlisted in it (its XAResource registered
 * with the transaction manager on first use, closed once the transaction completes); outside one, a
 * connection of its own in auto-commit mode. Counts what the transaction manager asked of the
 * enlisted resources, so a test sees whether a commit was one-phase.
 */
final class EnlistingDataSource implements DataSource {
  private final XADataSource xa;
  private final TransactionManager tm;

  /** The logical connection of each transaction's physical one (drivers hand out one at a time). */
  private final Map<Transaction, Connection> enlisted = new ConcurrentHashMap<>();

  final AtomicInteger prepares = new AtomicInteger();
  final AtomicInteger onePhaseCommits = new AtomicInteger();
  final AtomicInteger twoPhaseCommits = new AtomicInteger();
  final AtomicInteger rollbacks = new AtomicInteger();
  final AtomicInteger openConnections = new AtomicInteger();

  EnlistingDataSource(XADataSource xa, TransactionManager tm) {
    this.xa = xa;
    this.tm = tm;
  }

  @Override
  public Connection getConnection() throws SQLException {
    try {
      Transaction tx = tm.getTransaction();
      if (tx == null) {
        return counted(xa.getXAConnection());
      }
      Connection logical = enlisted.get(tx);
      if (logical == null) {
        XAConnection physical = xa.getXAConnection();
        logical = physical.getConnection();
        enlisted.put(tx, logical);
        XAConnection toClose = physical;
        tx.enlistResource(new Counting(physical.getXAResource()));
        tx.registerSynchronization(
            new Synchronization() {
              @Override
              public void beforeCompletion() {}

              @Override
              public void afterCompletion(int status) {
                enlisted.remove(tx);
                try {
                  toClose.close();
                } catch (SQLException ignored) {
                  // The branch is over.
                }
              }
            });
      }
      return handle(logical, false);
    } catch (SQLException e) {
      throw e;
    } catch (Exception e) {
      throw new SQLException("cannot enlist: " + e, e);
    }
  }

  private Connection counted(XAConnection physical) throws SQLException {
    openConnections.incrementAndGet();
    Connection c = physical.getConnection();
    c.setAutoCommit(true);
    return handle(c, true);
  }

  /**
   * A handle whose close() gives the connection back: closes it outside a transaction, leaves the
   * enlisted one open for the transaction's other users.
   */
  private Connection handle(Connection c, boolean own) {
    AtomicInteger closed = new AtomicInteger();
    return (Connection)
        Proxy.newProxyInstance(
            EnlistingDataSource.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, args) -> {
              if (method.getName().equals("close")) {
                if (closed.getAndIncrement() == 0 && own) {
                  openConnections.decrementAndGet();
                  c.close();
                }
                return null;
              }
              if (method.getName().equals("isClosed") && closed.get() > 0) {
                return true;
              }
              try {
                return method.invoke(c, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  /** The driver's resource, counting prepares and the two kinds of commit. */
  private final class Counting implements XAResource {
    private final XAResource delegate;

    Counting(XAResource delegate) {
      this.delegate = delegate;
    }

    @Override
    public int prepare(Xid xid) throws XAException {
      prepares.incrementAndGet();
      return delegate.prepare(xid);
    }

    @Override
    public void commit(Xid xid, boolean onePhase) throws XAException {
      (onePhase ? onePhaseCommits : twoPhaseCommits).incrementAndGet();
      delegate.commit(xid, onePhase);
    }

    @Override
    public void rollback(Xid xid) throws XAException {
      rollbacks.incrementAndGet();
      delegate.rollback(xid);
    }

    @Override
    public void start(Xid xid, int flags) throws XAException {
      delegate.start(xid, flags);
    }

    @Override
    public void end(Xid xid, int flags) throws XAException {
      delegate.end(xid, flags);
    }

    @Override
    public void forget(Xid xid) throws XAException {
      delegate.forget(xid);
    }

    @Override
    public Xid[] recover(int flag) throws XAException {
      return delegate.recover(flag);
    }

    @Override
    public boolean isSameRM(XAResource other) throws XAException {
      return other == this;
    }

    @Override
    public int getTransactionTimeout() throws XAException {
      return delegate.getTransactionTimeout();
    }

    @Override
    public boolean setTransactionTimeout(int seconds) throws XAException {
      return delegate.setTransactionTimeout(seconds);
    }
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    throw new SQLFeatureNotSupportedException("the test datasource has its credentials");
  }

  @Override
  public PrintWriter getLogWriter() {
    return null;
  }

  @Override
  public void setLogWriter(PrintWriter out) {}

  @Override
  public void setLoginTimeout(int seconds) {}

  @Override
  public int getLoginTimeout() {
    return 0;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    throw new SQLException("not a wrapper");
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) {
    return false;
  }
}
