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
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;
import javax.sql.XAConnection;
import javax.sql.XADataSource;

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

  private final List<ScriptedXAResource> resources = new CopyOnWriteArrayList<>();
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
        ScriptedXAResource resource = new ScriptedXAResource(physical.getXAResource(), false);
        resources.add(resource);
        tx.enlistResource(resource);
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

  /** What the transaction manager asked of the enlisted resources, in order. */
  List<String> xaCalls() {
    return resources.stream().flatMap(r -> r.calls.stream()).toList();
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
