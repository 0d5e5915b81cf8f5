package org.msgstore.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** Reports that came back after the relay accepted a message: one row per message, row, action. */
public final class LateReportRepository {

  /** A report as recorded. */
  public record Row(
      long messageId, int recipientRow, String action, String status, String detail, long atUs) {}

  /** Whether a report of {@code action} for that recipient was recorded already. */
  public boolean exists(Connection c, long messageId, int recipientRow, String action)
      throws SQLException {
    return Jdbc.first(
            c,
            """
            SELECT 1
              FROM late_report
             WHERE message_id = ?
               AND recipient_row = ?
               AND action = ?
            """,
            ps -> {
              ps.setLong(1, messageId);
              ps.setInt(2, recipientRow);
              ps.setString(3, action);
            },
            rs -> 1)
        != null;
  }

  public void insert(Connection c, Row row) throws SQLException {
    Jdbc.update(
        c,
        """
        INSERT INTO late_report (message_id, recipient_row, action, status, detail, received_us)
        VALUES (?, ?, ?, ?, ?, ?)
        """,
        ps -> {
          ps.setLong(1, row.messageId());
          ps.setInt(2, row.recipientRow());
          ps.setString(3, row.action());
          ps.setString(4, row.status());
          ps.setString(5, row.detail());
          ps.setLong(6, row.atUs());
        });
  }

  /** The reports recorded for a message, oldest first. */
  public List<Row> ofMessage(Connection c, long messageId) throws SQLException {
    return Jdbc.list(
        c,
        """
        SELECT message_id, recipient_row, action, status, detail, received_us
          FROM late_report
         WHERE message_id = ?
         ORDER BY received_us, recipient_row
        """,
        ps -> ps.setLong(1, messageId),
        rs ->
            new Row(
                rs.getLong(1),
                rs.getInt(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getLong(6)));
  }
}
