package org.msgstore.store.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** The suppression list's rows: addresses that get no more mail, lower-cased. */
public final class SuppressionRepository {
  private static final String COLUMNS =
      "address, reason, source, message_id, created_us, expires_us";

  /** A suppressed address as stored. */
  public record Row(
      String address,
      String reason,
      String source,
      Long messageId,
      long createdUs,
      Long expiresUs) {}

  /** Adds {@code row}, or replaces the entry of its address (a newer reason, a new expiry). */
  public void put(Connection c, Row row) throws SQLException {
    remove(c, row.address());
    Jdbc.update(
        c,
        "INSERT INTO suppressed_address (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)",
        ps -> {
          ps.setString(1, row.address());
          ps.setString(2, row.reason());
          ps.setString(3, row.source());
          ps.setObject(4, row.messageId(), java.sql.Types.BIGINT);
          ps.setLong(5, row.createdUs());
          ps.setObject(6, row.expiresUs(), java.sql.Types.BIGINT);
        });
  }

  /** Removes the entry of {@code address}; returns whether there was one. */
  public boolean remove(Connection c, String address) throws SQLException {
    return Jdbc.update(
            c,
            """
            DELETE FROM suppressed_address
             WHERE address = ?
            """,
            ps -> ps.setString(1, address))
        > 0;
  }

  /** Every entry not expired at {@code nowUs}, by address. */
  public List<Row> active(Connection c, long nowUs) throws SQLException {
    return Jdbc.list(
        c,
        "SELECT "
            + COLUMNS
            + """

              FROM suppressed_address
             WHERE expires_us IS NULL OR expires_us > ?
             ORDER BY address
            """,
        ps -> ps.setLong(1, nowUs),
        SuppressionRepository::row);
  }

  /**
   * At most {@code limit} entries not expired at {@code nowUs}, by address, from {@code offset}.
   */
  public List<Row> page(Connection c, long nowUs, int offset, int limit) throws SQLException {
    return Jdbc.list(
        c,
        "SELECT "
            + COLUMNS
            + """

              FROM suppressed_address
             WHERE expires_us IS NULL OR expires_us > ?
             ORDER BY address
             LIMIT ? OFFSET ?
            """,
        ps -> {
          ps.setLong(1, nowUs);
          ps.setInt(2, limit);
          ps.setInt(3, offset);
        },
        SuppressionRepository::row);
  }

  /** How many entries are not expired at {@code nowUs}. */
  public long count(Connection c, long nowUs) throws SQLException {
    return Jdbc.first(
        c,
        """
        SELECT COUNT(*)
          FROM suppressed_address
         WHERE expires_us IS NULL OR expires_us > ?
        """,
        ps -> ps.setLong(1, nowUs),
        rs -> rs.getLong(1));
  }

  /** Deletes the entries expired at {@code nowUs}; returns how many. */
  public int deleteExpired(Connection c, long nowUs) throws SQLException {
    return Jdbc.update(
        c,
        """
        DELETE FROM suppressed_address
         WHERE expires_us <= ?
        """,
        ps -> ps.setLong(1, nowUs));
  }

  private static Row row(ResultSet rs) throws SQLException {
    long messageId = rs.getLong(4);
    Long message = rs.wasNull() ? null : messageId;
    long expiresUs = rs.getLong(6);
    Long expires = rs.wasNull() ? null : expiresUs;
    return new Row(
        rs.getString(1), rs.getString(2), rs.getString(3), message, rs.getLong(5), expires);
  }
}
