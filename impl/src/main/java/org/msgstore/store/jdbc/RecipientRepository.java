package org.msgstore.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.msgstore.PropTag;

/** The recipient table of a message. */
public final class RecipientRepository {
  /** Replaces every recipient row of the message in one delete and one batch. */
  public void replaceAll(Connection c, long messageId, List<RecipientRecord> rows)
      throws SQLException {
    Jdbc.update(
        c,
        """
        DELETE FROM recipient
         WHERE message_id = ?
        """,
        ps -> ps.setLong(1, messageId));
    insertAll(c, messageId, rows);
  }

  public void insertAll(Connection c, long messageId, List<RecipientRecord> rows)
      throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    int[] counts =
        Jdbc.batch(
            c,
            """
            INSERT INTO recipient (message_id, row_id, recipient_type, display_name, addr_type, email_address, responsibility, props)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """,
            ps -> {
              for (RecipientRecord r : rows) {
                ps.setLong(1, messageId);
                ps.setInt(2, r.rowId());
                ps.setInt(3, r.recipientType());
                ps.setString(4, r.displayName());
                ps.setString(5, r.addrType());
                ps.setString(6, r.emailAddress());
                ps.setBoolean(7, r.responsibility());
                ps.setBytes(8, extra(r.extra()));
                ps.addBatch();
              }
              return rows.size();
            });
    for (int count : counts) {
      if (count != 1 && count != Statement.SUCCESS_NO_INFO) {
        throw new SQLException("a recipient insert touched " + count + " rows");
      }
    }
  }

  /**
   * Writes responsibility and extra properties of the rows named in {@code rowIds}, taken from
   * {@code rows}, as one batch.
   */
  public void updateOutcomes(
      Connection c, long messageId, List<RecipientRecord> rows, List<Integer> rowIds)
      throws SQLException {
    int[] counts =
        Jdbc.batch(
            c,
            UPDATE_OUTCOME,
            ps -> {
              int batched = 0;
              for (RecipientRecord r : rows) {
                if (rowIds.contains(r.rowId())) {
                  bindOutcome(ps, messageId, r.rowId(), r.responsibility(), r.extra());
                  ps.addBatch();
                  batched++;
                }
              }
              return batched;
            });
    for (int count : counts) {
      if (count != 1 && count != Statement.SUCCESS_NO_INFO) {
        throw new SQLException(
            "recording outcomes of message "
                + messageId
                + " touched "
                + count
                + " rows for one recipient");
      }
    }
  }

  /** Writes one row's responsibility and extra properties (a transport's verdict on it). */
  public void updateOutcome(
      Connection c,
      long messageId,
      int rowId,
      boolean responsibility,
      Map<PropTag<?>, Object> extra)
      throws SQLException {
    int count =
        Jdbc.update(
            c, UPDATE_OUTCOME, ps -> bindOutcome(ps, messageId, rowId, responsibility, extra));
    if (count != 1) { // worded only on failure: this runs per recipient
      Jdbc.expectOne(
          count, "record the outcome of recipient " + rowId + " of message " + messageId);
    }
  }

  private static final String UPDATE_OUTCOME =
      """
      UPDATE recipient
         SET responsibility = ?,
             props = ?
       WHERE message_id = ?
         AND row_id = ?
      """;

  private static void bindOutcome(
      PreparedStatement ps,
      long messageId,
      int rowId,
      boolean responsibility,
      Map<PropTag<?>, Object> extra)
      throws SQLException {
    ps.setBoolean(1, responsibility);
    ps.setBytes(2, extra(extra));
    ps.setLong(3, messageId);
    ps.setInt(4, rowId);
  }

  /**
   * The address columns of a message's rows only, for reporting on a message whose properties are
   * damaged.
   */
  public List<RecipientRecord> loadColumns(Connection c, long messageId) throws SQLException {
    return rowsOf(
        c,
        """
        SELECT row_id, recipient_type, display_name, addr_type, email_address, responsibility
          FROM recipient
         WHERE message_id = ?
         ORDER BY row_id
        """,
        messageId,
        rs -> Map.of());
  }

  /** The recipient rows of a message, by row id. */
  public List<RecipientRecord> load(Connection c, long messageId) throws SQLException {
    return rowsOf(
        c,
        """
        SELECT row_id, recipient_type, display_name, addr_type, email_address, responsibility, props
          FROM recipient
         WHERE message_id = ?
         ORDER BY row_id
        """,
        messageId,
        rs -> PropertyCodec.decode(rs.getBytes(7)));
  }

  /**
   * The rows of a message read by {@code sql}, whose first six columns are the address columns;
   * {@code extra} reads the rest (after them, so the columns are read in order).
   */
  private static List<RecipientRecord> rowsOf(
      Connection c, String sql, long messageId, Jdbc.RowReader<Map<PropTag<?>, Object>> extra)
      throws SQLException {
    return Jdbc.list(
        c,
        sql,
        ps -> ps.setLong(1, messageId),
        rs ->
            new RecipientRecord(
                rs.getInt(1),
                rs.getInt(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getBoolean(6),
                extra.read(rs)));
  }

  /** The props column: the row's properties beyond the columns, or NULL when it has none. */
  private static byte[] extra(Map<PropTag<?>, Object> extra) {
    return extra.isEmpty() ? null : PropertyCodec.encode(extra);
  }
}
