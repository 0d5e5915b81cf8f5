package org.msgstore.bench;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The hand-written outbox's one table (PostgreSQL): a row per message holding the serialized MIME
 * message and the instant it becomes due. Every method works on the caller's connection, in the
 * caller's transaction.
 */
final class OutboxTable {
  /** A claimed row. */
  record Row(long id, int attempts, byte[] mime) {}

  private OutboxTable() {}

  static void create(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE IF NOT EXISTS bench_outbox (id BIGSERIAL PRIMARY KEY,"
              + " due TIMESTAMPTZ NOT NULL DEFAULT now(), attempts INT NOT NULL DEFAULT 0,"
              + " mime BYTEA NOT NULL)");
      // The claim reads the oldest due rows: an index scan that stops after the batch.
      s.execute("CREATE INDEX IF NOT EXISTS bench_outbox_due ON bench_outbox (due)");
    }
  }

  /** One message; due now when {@code due} is null. */
  static void insert(Connection c, byte[] mime, Instant due) throws SQLException {
    try (PreparedStatement p =
        c.prepareStatement("INSERT INTO bench_outbox (due, mime) VALUES (COALESCE(?, now()), ?)")) {
      p.setTimestamp(1, due == null ? null : Timestamp.from(due));
      p.setBytes(2, mime);
      p.executeUpdate();
    }
  }

  /**
   * Locks up to {@code limit} due rows, oldest first, until the transaction ends. Rows another
   * relay transaction holds are skipped, not waited for, so relays claim disjoint batches.
   */
  static List<Row> claim(Connection c, int limit) throws SQLException {
    try (PreparedStatement p =
        c.prepareStatement(
            "SELECT id, attempts, mime FROM bench_outbox WHERE due <= now()"
                + " ORDER BY due LIMIT ? FOR UPDATE SKIP LOCKED")) {
      p.setInt(1, limit);
      List<Row> rows = new ArrayList<>(limit);
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          rows.add(new Row(r.getLong(1), r.getInt(2), r.getBytes(3)));
        }
      }
      return rows;
    }
  }

  /** Deletes the sent rows in one statement. */
  static void delete(Connection c, List<Long> ids) throws SQLException {
    if (ids.isEmpty()) {
      return;
    }
    try (PreparedStatement p = c.prepareStatement("DELETE FROM bench_outbox WHERE id = ANY (?)")) {
      Array array = c.createArrayOf("bigint", ids.toArray());
      p.setArray(1, array);
      p.executeUpdate();
      array.free();
    }
  }

  /** A failed send: the row becomes due again after {@code delayMs}, one attempt more. */
  static void postpone(Connection c, long id, long delayMs) throws SQLException {
    try (PreparedStatement p =
        c.prepareStatement(
            "UPDATE bench_outbox SET attempts = attempts + 1,"
                + " due = now() + ? * INTERVAL '1 millisecond' WHERE id = ?")) {
      p.setLong(1, delayMs);
      p.setLong(2, id);
      p.executeUpdate();
    }
  }
}
