package org.msgstore.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The recipient table of a message. */
public final class RecipientRepository {
  /** Replaces every recipient row of the message in one delete and one batch. */
  public void replaceAll(Connection c, long messageId, List<RecipientRecord> rows)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            """
            DELETE FROM recipient
             WHERE message_id = ?
            """)) {
      ps.setLong(1, messageId);
      ps.executeUpdate();
    }
    insertAll(c, messageId, rows);
  }

  public void insertAll(Connection c, long messageId, List<RecipientRecord> rows)
      throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            """
            INSERT INTO recipient (message_id, row_id, recipient_type, display_name, addr_type, email_address, responsibility, props)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """)) {
      for (RecipientRecord r : rows) {
        ps.setLong(1, messageId);
        ps.setInt(2, r.rowId());
        ps.setInt(3, r.recipientType());
        ps.setString(4, r.displayName());
        ps.setString(5, r.addrType());
        ps.setString(6, r.emailAddress());
        ps.setBoolean(7, r.responsibility());
        ps.setBytes(8, r.extra().isEmpty() ? null : PropertyCodec.encode(r.extra()));
        ps.addBatch();
      }
      for (int count : ps.executeBatch()) {
        if (count != 1 && count != PreparedStatement.SUCCESS_NO_INFO) {
          throw new SQLException("a recipient insert touched " + count + " rows");
        }
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
    try (PreparedStatement ps =
        c.prepareStatement(
            """
            UPDATE recipient
               SET responsibility = ?,
                   props = ?
             WHERE message_id = ?
               AND row_id = ?
            """)) {
      int batched = 0;
      for (RecipientRecord r : rows) {
        if (rowIds.contains(r.rowId())) {
          ps.setBoolean(1, r.responsibility());
          ps.setBytes(2, r.extra().isEmpty() ? null : PropertyCodec.encode(r.extra()));
          ps.setLong(3, messageId);
          ps.setInt(4, r.rowId());
          ps.addBatch();
          batched++;
        }
      }
      if (batched == 0) {
        return;
      }
      for (int count : ps.executeBatch()) {
        if (count != 1 && count != java.sql.Statement.SUCCESS_NO_INFO) {
          throw new SQLException(
              "recording outcomes of message "
                  + messageId
                  + " touched "
                  + count
                  + " rows for one recipient");
        }
      }
    }
  }

  /** Writes one row's responsibility and extra properties (a transport's verdict on it). */
  public void updateOutcome(
      Connection c,
      long messageId,
      int rowId,
      boolean responsibility,
      java.util.Map<org.msgstore.PropTag<?>, Object> extra)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            """
            UPDATE recipient
               SET responsibility = ?,
                   props = ?
             WHERE message_id = ?
               AND row_id = ?
            """)) {
      ps.setBoolean(1, responsibility);
      ps.setBytes(2, extra.isEmpty() ? null : PropertyCodec.encode(extra));
      ps.setLong(3, messageId);
      ps.setInt(4, rowId);
      Jdbc.expectOne(
          ps.executeUpdate(),
          "record the outcome of recipient " + rowId + " of message " + messageId);
    }
  }

  /**
   * The address columns of a message's rows only, for reporting on a message whose properties are
   * damaged.
   */
  public List<RecipientRecord> loadColumns(Connection c, long messageId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            """
            SELECT row_id, recipient_type, display_name, addr_type, email_address, responsibility
              FROM recipient
             WHERE message_id = ?
             ORDER BY row_id
            """)) {
      ps.setLong(1, messageId);
      List<RecipientRecord> rows = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(
              new RecipientRecord(
                  rs.getInt(1),
                  rs.getInt(2),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getString(5),
                  rs.getBoolean(6),
                  java.util.Map.of()));
        }
      }
      return rows;
    }
  }

  /** The recipient rows of a message, by row id. */
  public List<RecipientRecord> load(Connection c, long messageId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            """
            SELECT row_id, recipient_type, display_name, addr_type, email_address, responsibility, props
              FROM recipient
             WHERE message_id = ?
             ORDER BY row_id
            """)) {
      ps.setLong(1, messageId);
      List<RecipientRecord> rows = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(
              new RecipientRecord(
                  rs.getInt(1),
                  rs.getInt(2),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getString(5),
                  rs.getBoolean(6),
                  PropertyCodec.decode(rs.getBytes(7))));
        }
      }
      return rows;
    }
  }
}
