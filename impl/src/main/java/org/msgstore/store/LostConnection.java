package org.msgstore.store;

import java.sql.SQLException;

/**
 * Whether a statement failed because its connection is gone: class 08 (connection exception), or
 * PostgreSQL's class 57 codes for a connection the server ended: an administrator terminated the
 * backend (57P01, also at a fast or immediate shutdown), a crash of another backend restarts the
 * server (57P02), or it does not take connections yet (57P03, starting up). To the caller that is
 * the database being unreachable: retry once it is back. Whoever holds the connection replaces it
 * (pgjdbc's {@code isClosed()} stays false after a 57P01).
 */
public final class LostConnection {
  private LostConnection() {}

  public static boolean causedBy(SQLException failure) {
    return is(failure.getSQLState());
  }

  static boolean is(String sqlState) {
    return sqlState != null
        && (sqlState.startsWith("08")
            || sqlState.equals("57P01")
            || sqlState.equals("57P02")
            || sqlState.equals("57P03"));
  }
}
