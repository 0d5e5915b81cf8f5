package org.msgstore.spooler;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.msgstore.MapiError;
import org.msgstore.MapiException;
import org.msgstore.store.MessageStore;
import org.msgstore.store.StoreConnection;

/**
 * The spooler's own connection to the store: outside any JTA transaction, so each store call
 * commits on its own, unless a delivery groups several into {@link #inOneTransaction}. A broken
 * physical connection is replaced on the next use.
 *
 * <p>On the store's own database the connection is held for the spooler's life (there is no pool to
 * give it back to). On the application's datasource a connection is taken from the server's pool
 * for each store call, or for one {@link #inOneTransaction}, and given back after it, so the pool's
 * validation, statistics and limits see the spooler like any other user; a stream still reading
 * attachment content keeps its own connection until it is closed.
 */
final class SpoolerConnection implements StoreConnection, AutoCloseable {
  private final Opener opener;
  private final boolean held;

  /** The held connection, or the one of the open {@link #inOneTransaction}; null otherwise. */
  private Connection jdbc;

  private boolean broken;

  /** After-commit actions of the open {@link #inOneTransaction}; null when there is none. */
  private List<Runnable> afterCommit;

  SpoolerConnection(MessageStore store) {
    this(store::openConnection, !store.sharesApplicationDataSource());
  }

  /**
   * Over connections from {@code opener} (tests count the statements through it).
   *
   * @param held whether one connection serves every call until it breaks, or each call (or {@link
   *     #inOneTransaction}) takes one and closes it
   */
  SpoolerConnection(Opener opener, boolean held) {
    this.opener = opener;
    this.held = held;
  }

  /** Where a new connection comes from. */
  @FunctionalInterface
  interface Opener {
    Connection open() throws SQLException;
  }

  @Override
  public synchronized Connection jdbc() {
    try {
      if (!held && afterCommit == null) {
        return opener.open();
      }
      if (jdbc == null || broken || jdbc.isClosed()) {
        close();
        jdbc = opener.open();
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
    List<Runnable> actions = new ArrayList<>();
    T result;
    // Set before jdbc(), so that on the datasource the transaction's connection is the one kept;
    // cleared in the outer finally whatever fails, so no later call thinks it is inside.
    afterCommit = actions;
    try {
      Connection c = jdbc();
      c.setAutoCommit(false);
      try {
        result = work.get();
        c.commit();
      } catch (SQLException | RuntimeException | Error e) {
        // An Error too: the finally's setAutoCommit(true) would otherwise commit half the work.
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
    } finally {
      afterCommit = null;
      if (!held) {
        close();
      }
    }
    actions.forEach(Runnable::run);
    return result;
  }

  @Override
  public boolean inTransaction() {
    return afterCommit != null;
  }

  /**
   * Closes a connection taken for one call; the held one, and the one of an open {@link
   * #inOneTransaction}, stay.
   */
  @Override
  public void release(Connection c) {
    if (held) {
      return;
    }
    releaseBorrowed(c);
  }

  private synchronized void releaseBorrowed(Connection c) {
    if (c != jdbc) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // Back to the pool, which judges its own connections.
      }
    }
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
    if (org.msgstore.store.LostConnection.causedBy(e)) {
      broken = true;
    }
  }

  @Override
  public synchronized void close() {
    if (jdbc != null) {
      try {
        jdbc.close();
      } catch (SQLException ignored) {
        // Replacing or shutting down: the old connection has nothing left to give.
      }
    }
    jdbc = null;
  }
}
