package org.msgstore.spooler;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.XAConnection;
import org.msgstore.MapiError;
import org.msgstore.MapiException;
import org.msgstore.store.MessageStore;
import org.msgstore.store.StoreConnection;

/**
 * The spooler's own connection to the store: outside any JTA transaction, so each store call
 * commits on its own. A broken physical connection is replaced on the next use.
 */
final class SpoolerConnection implements StoreConnection, AutoCloseable {
  private final MessageStore store;
  private XAConnection physical;
  private Connection jdbc;
  private boolean broken;

  SpoolerConnection(MessageStore store) {
    this.store = store;
  }

  @Override
  public synchronized Connection jdbc() {
    try {
      if (jdbc == null || broken || jdbc.isClosed()) {
        close();
        physical = store.openXAConnection();
        jdbc = physical.getConnection();
        jdbc.setAutoCommit(true);
        broken = false;
      }
      return jdbc;
    } catch (SQLException e) {
      throw new MapiException(MapiError.MAPI_E_NETWORK_ERROR, "the spooler cannot reach the store database: " + e.getMessage(), e);
    }
  }

  @Override
  public boolean inTransaction() {
    return false;
  }

  @Override
  public void afterCommit(Runnable action) {
    action.run();
  }

  @Override
  public synchronized void statementFailed(SQLException e) {
    String state = e.getSQLState();
    if (state != null && state.startsWith("08")) {
      broken = true;
    }
  }

  @Override
  public synchronized void close() {
    if (physical != null) {
      try {
        physical.close();
      } catch (SQLException ignored) {
        // Replacing or shutting down: the old connection has nothing left to give.
      }
    }
    physical = null;
    jdbc = null;
  }
}
