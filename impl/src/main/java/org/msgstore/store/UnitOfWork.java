package org.msgstore.store;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import org.msgstore.MapiError;
import org.msgstore.MapiException;
import org.msgstore.store.jdbc.StoreLog;

/**
 * Runs store work atomically: inside the caller's transaction when there is one, otherwise as a
 * local transaction of its own that commits before returning. Translates {@link SQLException} once,
 * here, into a {@link MapiException} that says what failed.
 */
final class UnitOfWork {

  private UnitOfWork() {}

  static <T> T run(StoreConnection conn, String what, SqlWork<T> work) {
    Connection c = conn.jdbc();
    try {
      if (conn.inTransaction()) {
        return work.run(c);
      }
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException | Error e) {
        // An Error too: the finally's setAutoCommit(true) would otherwise commit the half-done
        // work.
        rollbackQuietly(c, e);
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      conn.statementFailed(e);
      throw translate(e, what);
    } finally {
      conn.release(c);
    }
  }

  /** Runs a read that needs no transaction of its own. */
  static <T> T read(StoreConnection conn, String what, SqlWork<T> work) {
    Connection c = conn.jdbc();
    try {
      return work.run(c);
    } catch (SQLException e) {
      conn.statementFailed(e);
      throw translate(e, what);
    } finally {
      conn.release(c);
    }
  }

  /**
   * Opens a stream that reads from the database as it is read: the connection is given back when
   * the stream is closed (or when opening it fails), not when this returns. Null when {@code work}
   * finds nothing.
   */
  static InputStream stream(StoreConnection conn, String what, SqlWork<InputStream> work) {
    Connection c = conn.jdbc();
    InputStream in;
    try {
      in = work.run(c);
    } catch (SQLException e) {
      conn.release(c);
      conn.statementFailed(e);
      throw translate(e, what);
    } catch (RuntimeException e) {
      conn.release(c);
      throw e;
    }
    if (in == null) {
      conn.release(c);
      return null;
    }
    return new FilterInputStream(in) {
      private boolean released;

      @Override
      public void close() throws IOException {
        try {
          super.close();
        } finally {
          if (!released) {
            released = true;
            conn.release(c);
          }
        }
      }
    };
  }

  /**
   * Runs {@code action} once the work just done is committed: at the end of the caller's
   * transaction when there is one (never if it rolls back), otherwise now, since {@link #run}
   * already committed.
   */
  static void afterCommit(StoreConnection conn, Runnable action) {
    if (conn.inTransaction()) {
      conn.afterCommit(action);
    } else {
      action.run();
    }
  }

  static MapiException translate(SQLException e, String what) {
    StoreLog.statementFailed(what, e);
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    // Lock timeouts (H2: HYT00, PostgreSQL: 55P03) and serialization failures are worth a retry.
    if (e instanceof SQLTransientException
        || state.startsWith("40")
        || state.equals("HYT00")
        || state.equals("55P03")) {
      return new MapiException(
          MapiError.MAPI_E_BUSY,
          what
              + " failed because another transaction holds the rows ("
              + e.getMessage()
              + "); retry later",
          e);
    }
    if (LostConnection.is(state)) {
      return new MapiException(
          MapiError.MAPI_E_NETWORK_ERROR,
          what + " failed: the store database is unreachable (" + e.getMessage() + ")",
          e);
    }
    return new MapiException(
        MapiError.MAPI_E_CALL_FAILED,
        what + " failed in the store database (SQLState " + state + ": " + e.getMessage() + ")",
        e);
  }

  private static void rollbackQuietly(Connection c, Throwable cause) {
    try {
      c.rollback();
    } catch (SQLException r) {
      cause.addSuppressed(r);
    }
  }
}
