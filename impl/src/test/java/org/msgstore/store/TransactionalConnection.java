package org.msgstore.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A store connection inside a local transaction the test commits or rolls back, running the
 * after-commit actions on commit only: the contract a managed connection gives the store. The XA
 * version of the same checks runs with a real transaction manager in the connector tests.
 */
final class TransactionalConnection implements StoreConnection {
  private final Connection jdbc;
  private final List<Runnable> afterCommit = new ArrayList<>();

  private TransactionalConnection(Connection jdbc) {
    this.jdbc = jdbc;
  }

  /** Starts a local transaction on {@code jdbc}; the test ends it with commit or rollback. */
  static TransactionalConnection begin(Connection jdbc) throws SQLException {
    jdbc.setAutoCommit(false);
    return new TransactionalConnection(jdbc);
  }

  /**
   * The store's view of a connection enlisted in an XA branch the test drives by hand: the branch
   * is the transaction, and the XAResource, not {@link #commit}, ends it.
   */
  static TransactionalConnection inXaBranch(Connection jdbc) {
    return new TransactionalConnection(jdbc);
  }

  @Override
  public Connection jdbc() {
    return jdbc;
  }

  @Override
  public boolean inTransaction() {
    return true;
  }

  @Override
  public void afterCommit(Runnable action) {
    afterCommit.add(action);
  }

  @Override
  public void statementFailed(SQLException e) {}

  void commit() throws SQLException {
    jdbc.commit();
    afterCommit.forEach(Runnable::run);
    afterCommit.clear();
  }

  void rollback() throws SQLException {
    jdbc.rollback();
    afterCommit.clear();
  }
}
