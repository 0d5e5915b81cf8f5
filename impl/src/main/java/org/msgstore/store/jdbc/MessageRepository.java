package org.msgstore.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Message rows. Recipients and attachments go with their message (ON DELETE CASCADE). */
public final class MessageRepository {
  private final Dialect dialect;

  public MessageRepository(Dialect dialect) {
    this.dialect = dialect;
  }

  private static final String COLUMNS =
      "id, mailbox_id, folder_id, entry_id, message_flags, version, created_us, modified_us, props";

  /** Inserts a new message and returns its row id. */
  public long insert(Connection c, MessageRecord m) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            """
            INSERT INTO message (mailbox_id, folder_id, entry_id, message_flags, version, created_us, modified_us, props)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """,
            Jdbc.ID_COLUMN)) {
      ps.setLong(1, m.mailboxId());
      ps.setLong(2, m.folderId());
      ps.setBytes(3, m.entryId());
      ps.setInt(4, m.messageFlags());
      ps.setInt(5, m.version());
      ps.setLong(6, m.createdUs());
      ps.setLong(7, m.modifiedUs());
      ps.setBytes(8, PropertyCodec.encode(m.props()));
      Jdbc.expectOne(ps.executeUpdate(), "insert message");
      return Jdbc.generatedKey(ps);
    }
  }

  /**
   * Writes flags and properties if the row still has {@code expectedVersion}; returns false when
   * another transaction saved the message in between (the caller reports MAPI_E_OBJECT_CHANGED).
   */
  public boolean update(Connection c, MessageRecord m, int expectedVersion) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            """
            UPDATE message
               SET message_flags = ?,
                   version = ?,
                   modified_us = ?,
                   props = ?
             WHERE id = ?
               AND version = ?
            """)) {
      ps.setInt(1, m.messageFlags());
      ps.setInt(2, m.version());
      ps.setLong(3, m.modifiedUs());
      ps.setBytes(4, PropertyCodec.encode(m.props()));
      ps.setLong(5, m.id());
      ps.setInt(6, expectedVersion);
      int count = ps.executeUpdate();
      if (count > 1) {
        throw new SQLException("update of message " + m.id() + " touched " + count + " rows");
      }
      return count == 1;
    }
  }

  /**
   * The message of {@code mailboxId} with that entry id, or null (also for another mailbox's id).
   * The query names the entry id alone, so that the unique entry id index is the only one it can
   * use: with the mailbox in the WHERE clause too, H2 once planned a prepared lookup through the
   * mailbox's foreign key index and read the whole mailbox per call (100k removals took minutes).
   */
  public MessageRecord find(Connection c, long mailboxId, byte[] entryId) throws SQLException {
    MessageRecord m = findAnyMailbox(c, entryId);
    return m != null && m.mailboxId() == mailboxId ? m : null;
  }

  /** The messages of a folder, oldest first. */
  public List<MessageRecord> listFolder(Connection c, long folderId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT "
                + COLUMNS
                + """

              FROM message
             WHERE folder_id = ?
             ORDER BY id
            """)) {
      ps.setLong(1, folderId);
      List<MessageRecord> list = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          list.add(read(rs));
        }
      }
      return list;
    }
  }

  /**
   * Deletes a message of the folder unless it carries any of {@code protectedFlags} (e.g.
   * MSGFLAG_SUBMIT); returns whether it was deleted. The row is found by its entry id alone and
   * locked, checked, then deleted by its primary key: each statement has one index to use (see
   * {@link #find}), and the lock keeps the check true until the delete.
   */
  public boolean deleteUnlessFlagged(
      Connection c, long folderId, byte[] entryId, int protectedFlags) throws SQLException {
    long id;
    try (PreparedStatement ps =
        c.prepareStatement(
            """
            SELECT id, folder_id, message_flags
              FROM message
             WHERE entry_id = ?
               FOR UPDATE
            """)) {
      ps.setBytes(1, entryId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next() || rs.getLong(2) != folderId || (rs.getInt(3) & protectedFlags) != 0) {
          return false;
        }
        id = rs.getLong(1);
      }
    }
    delete(c, id);
    return true;
  }

  /**
   * Sets or clears MSGFLAG_READ at once, unless the message is submitted (its read flag is then
   * frozen). Returns whether the row changed.
   */
  public boolean updateReadFlag(Connection c, long messageId, boolean read, int frozenFlags)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            """
            UPDATE message
               SET message_flags = CASE WHEN ? THEN %s ELSE %s END
             WHERE id = ?
               AND %s = 0
            """
                .formatted(
                    dialect.bitOr("message_flags", "1"),
                    dialect.bitAnd("message_flags", "-2"),
                    dialect.bitAnd("message_flags", "CAST(? AS INT)")))) {
      ps.setBoolean(1, read);
      ps.setLong(2, messageId);
      ps.setInt(3, frozenFlags);
      int count = ps.executeUpdate();
      if (count > 1) {
        throw new SQLException(
            "read-flag update of message " + messageId + " touched " + count + " rows");
      }
      return count == 1;
    }
  }

  /** Writes the message flags alone (submit, abort, finish), bumping the version. */
  public boolean updateFlags(Connection c, long messageId, int flags) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            """
            UPDATE message
               SET message_flags = ?,
                   version = version + 1
             WHERE id = ?
            """)) {
      ps.setInt(1, flags);
      ps.setLong(2, messageId);
      int count = ps.executeUpdate();
      if (count > 1) {
        throw new SQLException(
            "flag update of message " + messageId + " touched " + count + " rows");
      }
      return count == 1;
    }
  }

  /**
   * Moves a message to another folder of its mailbox under a new entry id (ids change on a move).
   */
  public void move(
      Connection c, long messageId, long folderId, byte[] newEntryId, int flags, long nowUs)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            """
            UPDATE message
               SET folder_id = ?,
                   entry_id = ?,
                   message_flags = ?,
                   modified_us = ?,
                   version = version + 1
             WHERE id = ?
            """)) {
      ps.setLong(1, folderId);
      ps.setBytes(2, newEntryId);
      ps.setInt(3, flags);
      ps.setLong(4, nowUs);
      ps.setLong(5, messageId);
      Jdbc.expectOne(ps.executeUpdate(), "move message " + messageId);
    }
  }

  public void delete(Connection c, long messageId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            """
            DELETE FROM message
             WHERE id = ?
            """)) {
      ps.setLong(1, messageId);
      Jdbc.expectOne(ps.executeUpdate(), "delete message " + messageId);
    }
  }

  /**
   * The message with that entry id in any mailbox, or null: for the spooler, which serves them all.
   */
  public MessageRecord findAnyMailbox(Connection c, byte[] entryId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT "
                + COLUMNS
                + """

              FROM message
             WHERE entry_id = ?
            """)) {
      ps.setBytes(1, entryId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? read(rs) : null;
      }
    }
  }

  /**
   * Row id, mailbox and flags of a message, without decoding its properties (which may be damaged).
   */
  public long[] locate(Connection c, byte[] entryId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            """
            SELECT id, mailbox_id, message_flags
              FROM message
             WHERE entry_id = ?
            """)) {
      ps.setBytes(1, entryId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)} : null;
      }
    }
  }

  /** The entry id of a message row, or null: what the queue needs without reading the message. */
  public byte[] entryIdOf(Connection c, long messageId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            """
            SELECT entry_id
              FROM message
             WHERE id = ?
            """)) {
      ps.setLong(1, messageId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getBytes(1) : null;
      }
    }
  }

  public MessageRecord findById(Connection c, long messageId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT "
                + COLUMNS
                + """

              FROM message
             WHERE id = ?
            """)) {
      ps.setLong(1, messageId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? read(rs) : null;
      }
    }
  }

  private static MessageRecord read(ResultSet rs) throws SQLException {
    return new MessageRecord(
        rs.getLong(1),
        rs.getLong(2),
        rs.getLong(3),
        rs.getBytes(4),
        rs.getInt(5),
        rs.getInt(6),
        rs.getLong(7),
        rs.getLong(8),
        PropertyCodec.decode(rs.getBytes(9)));
  }
}
