package org.msgstore.store.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** The few JDBC chores every repository shares. */
final class Jdbc {
  /**
   * The generated key to return from an insert: named, because PostgreSQL's driver would otherwise
   * return every column of the new row.
   */
  static final String[] ID_COLUMN = {"id"};

  private Jdbc() {}

  /**
   * Checks the update count of a statement that must touch exactly one row: 0 means a race was lost
   * (handled by the caller), more than 1 is a bug.
   */
  static void expectOne(int count, String what) throws SQLException {
    if (count != 1) {
      throw new SQLException(what + ": expected 1 row, touched " + count);
    }
  }

  static long generatedKey(PreparedStatement ps) throws SQLException {
    try (ResultSet keys = ps.getGeneratedKeys()) {
      if (!keys.next()) {
        throw new SQLException("the database returned no generated key");
      }
      return keys.getLong(1);
    }
  }
}
