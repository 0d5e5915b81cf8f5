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

  TransactionalConnection(Connection jdbc) throws SQLException {
    this.jdbc = jdbc;
    jdbc.setAutoCommit(false);
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
