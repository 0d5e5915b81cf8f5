package org.msgstore.spooler;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import javax.sql.XAConnection;
import org.msgstore.MapiError;
import org.msgstore.MapiException;
import org.msgstore.store.MessageStore;
import org.msgstore.store.StoreConnection;

/**
 * The spooler's own connection to the store: outside any JTA transaction, so each store call
 * commits on its own, unless a delivery groups several into {@link #inOneTransaction}. A broken
 * physical connection is replaced on the next use.
 */
final class SpoolerConnection implements StoreConnection, AutoCloseable {
  private final Opener opener;
  private XAConnection physical;
  private Connection jdbc;
  private boolean broken;

  /** After-commit actions of the open {@link #inOneTransaction}; null when there is none. */
  private List<Runnable> afterCommit;

  SpoolerConnection(MessageStore store) {
    this(store::openXAConnection);
  }

  /** Over connections from {@code opener} (tests count the statements through it). */
  SpoolerConnection(Opener opener) {
    this.opener = opener;
  }

  /** Where a new physical connection comes from. */
  @FunctionalInterface
  interface Opener {
    XAConnection open() throws SQLException;
  }

  @Override
  public synchronized Connection jdbc() {
    try {
      if (jdbc == null || broken || jdbc.isClosed()) {
        close();
        physical = opener.open();
        jdbc = physical.getConnection();
        jdbc.setAutoCommit(true);
        broken = false;
      }
      return jdbc;
    } catch (SQLException e) {
      throw new MapiException(
          MapiError.MAPI_E_NETWORK_ERROR,
          "the spooler cannot reach the store database: " + e.getMessage(),
          e);
    }
  }

  /**
   * Runs {@code work} as one local transaction: the store calls in it join it instead of each
   * committing on its own, and their after-commit actions (queue and new-mail notifications) run
   * once it committed. When {@code work} throws, everything in it is rolled back. Used by the
   * thread that owns this connection only.
   */
  <T> T inOneTransaction(Supplier<T> work) {
    Connection c = jdbc();
    List<Runnable> actions = new ArrayList<>();
    T result;
    try {
      c.setAutoCommit(false);
      afterCommit = actions;
      try {
        result = work.get();
        c.commit();
      } catch (SQLException | RuntimeException e) {
        try {
          c.rollback();
        } catch (SQLException r) {
          e.addSuppressed(r);
        }
        throw e;
      } finally {
        afterCommit = null;
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      statementFailed(e);
      throw new MapiException(
          MapiError.MAPI_E_CALL_FAILED,
          "the spooler's transaction failed in the store database: " + e.getMessage(),
          e);
    }
    actions.forEach(Runnable::run);
    return result;
  }

  @Override
  public boolean inTransaction() {
    return afterCommit != null;
  }

  @Override
  public void afterCommit(Runnable action) {
    if (afterCommit != null) {
      afterCommit.add(action);
    } else {
      action.run();
    }
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
