package org.msgstore.store;

import java.sql.Connection;
import java.sql.SQLException;
import org.msgstore.MapiError;
import org.msgstore.MapiException;

/**
 * A store connection for work the adapter does on its own, outside any application transaction (the
 * bounce intake, the suppression list's JMX operations): each unit of store work takes a connection
 * of its own and closes it when done, so each commits by itself and nothing is held between them
 * (on the application's datasource the connection goes back to the server's pool).
 */
public final class BackgroundConnection implements StoreConnection {
  private final MessageStore store;

  public BackgroundConnection(MessageStore store) {
    this.store = store;
  }

  @Override
  public Connection jdbc() {
    try {
      return store.openConnection();
    } catch (SQLException e) {
      throw new MapiException(
          MapiError.MAPI_E_NETWORK_ERROR, "cannot reach the store database: " + e.getMessage(), e);
    }
  }

  @Override
  public void release(Connection c) {
    try {
      c.close();
    } catch (SQLException ignored) {
      // Closed already, or given back to a pool that judges its own connections.
    }
  }

  @Override
  public boolean inTransaction() {
    return false;
  }

  @Override
  public void afterCommit(Runnable action) {
    action.run(); // never in a transaction: every unit has committed when this is asked
  }

  @Override
  public void statementFailed(SQLException e) {
    // The connection is closed after the unit anyway; the next unit opens a fresh one.
  }
}
