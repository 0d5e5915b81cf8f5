package org.msgstore.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The small JDBC runner the repositories share: prepare, bind the parameters in order, execute
 * once, read, close; plus the update-count checks. Each call is exactly the one prepare and one
 * execution a hand-written try-with-resources block would make, so the statement counts the cost
 * tests pin do not depend on it. A repository keeps its SQL (one clause per line) and its binding
 * next to each other; only the plumbing is here.
 */
final class Jdbc {
  /**
   * The generated key to return from an insert: named, because PostgreSQL's driver would otherwise
   * return every column of the new row.
   */
  static final String[] ID_COLUMN = {"id"};

  /** Binds the parameters of a statement, in the order the SQL names them. */
  @FunctionalInterface
  interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }

  /** Binds and adds ({@code addBatch}) every row of a batch; returns how many rows it added. */
  @FunctionalInterface
  interface BatchBinder {
    int addRows(PreparedStatement ps) throws SQLException;
  }

  /** Reads the current row of a result. */
  @FunctionalInterface
  interface RowReader<T> {
    T read(ResultSet rs) throws SQLException;
  }

  /** For a statement without parameters. */
  static final Binder NO_PARAMETERS = ps -> {};

  private static final int[] NO_COUNTS = {};

  private Jdbc() {}

  /** Runs an INSERT, UPDATE or DELETE and returns its update count. */
  static int update(Connection c, String sql, Binder binder) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      binder.bind(ps);
      return ps.executeUpdate();
    }
  }

  /** Runs an INSERT of exactly one row and returns the row's generated {@code id}. */
  static long insert(Connection c, String sql, Binder binder, String what) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql, ID_COLUMN)) {
      binder.bind(ps);
      expectOne(ps.executeUpdate(), what);
      return generatedKey(ps);
    }
  }

  /**
   * Runs a batch: one prepare, the rows {@code binder} adds, one execution; returns the update
   * count of each row. When the binder adds no row nothing is executed and the result is empty.
   */
  static int[] batch(Connection c, String sql, BatchBinder binder) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      return binder.addRows(ps) == 0 ? NO_COUNTS : ps.executeBatch();
    }
  }

  /** The first row of a query, read by {@code reader}, or null when there is none. */
  static <T> T first(Connection c, String sql, Binder binder, RowReader<T> reader)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      binder.bind(ps);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? reader.read(rs) : null;
      }
    }
  }

  /** Every row of a query, in the order the query returns them. */
  static <T> List<T> list(Connection c, String sql, Binder binder, RowReader<T> reader)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      binder.bind(ps);
      List<T> rows = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(reader.read(rs));
        }
      }
      return rows;
    }
  }

  /**
   * Checks the update count of a statement that must touch exactly one row: 0 means a race was lost
   * (handled by the caller), more than 1 is a bug.
   */
  static void expectOne(int count, String what) throws SQLException {
    if (count != 1) {
      throw new SQLException(what + ": expected 1 row, touched " + count);
    }
  }

  /** {@link #expectOne(int, String)} for {@code what} of row {@code id}, worded only on failure. */
  static void expectOne(int count, String what, long id) throws SQLException {
    if (count != 1) {
      expectOne(count, what + " " + id);
    }
  }

  /**
   * Checks the update count of a statement that may lose a race (0 rows) but must never touch more
   * than one row; returns whether it touched one.
   */
  static boolean atMostOne(int count, String what, long id) throws SQLException {
    if (count > 1) {
      throw new SQLException(what + " " + id + " touched " + count + " rows");
    }
    return count == 1;
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
