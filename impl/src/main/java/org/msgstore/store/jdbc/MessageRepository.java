package org.msgstore.store.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
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
    return Jdbc.insert(
        c,
        """
        INSERT INTO message (mailbox_id, folder_id, entry_id, message_flags, version, created_us, modified_us, props)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        """,
        ps -> {
          ps.setLong(1, m.mailboxId());
          ps.setLong(2, m.folderId());
          ps.setBytes(3, m.entryId());
          ps.setInt(4, m.messageFlags());
          ps.setInt(5, m.version());
          ps.setLong(6, m.createdUs());
          ps.setLong(7, m.modifiedUs());
          ps.setBytes(8, PropertyCodec.encode(m.props()));
        },
        "insert message");
  }

  /**
   * Writes flags and properties if the row still has {@code expectedVersion}; returns false when
   * another transaction saved the message in between (the caller reports MAPI_E_OBJECT_CHANGED).
   */
  public boolean update(Connection c, MessageRecord m, int expectedVersion) throws SQLException {
    // Folder and entry id are written too, unchanged: one statement for every save of a row.
    return updateAll(c, m, expectedVersion);
  }

  /**
   * Writes all of {@code m} — folder, entry id, flags and properties — if the row still has {@code
   * expectedVersion}: a save and a move in one statement, so that a finished message is written
   * once (one new row version and one round of index updates instead of two). Returns false when
   * another transaction saved the message in between.
   */
  public boolean updateAll(Connection c, MessageRecord m, int expectedVersion) throws SQLException {
    int count =
        Jdbc.update(
            c,
            """
            UPDATE message
               SET folder_id = ?,
                   entry_id = ?,
                   message_flags = ?,
                   version = ?,
                   modified_us = ?,
                   props = ?
             WHERE id = ?
               AND version = ?
            """,
            ps -> {
              ps.setLong(1, m.folderId());
              ps.setBytes(2, m.entryId());
              ps.setInt(3, m.messageFlags());
              ps.setInt(4, m.version());
              ps.setLong(5, m.modifiedUs());
              ps.setBytes(6, PropertyCodec.encode(m.props()));
              ps.setLong(7, m.id());
              ps.setInt(8, expectedVersion);
            });
    return Jdbc.atMostOne(count, "update of message", m.id());
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
    return Jdbc.list(
        c,
        "SELECT "
            + COLUMNS
            + """

              FROM message
             WHERE folder_id = ?
             ORDER BY id
            """,
        ps -> ps.setLong(1, folderId),
        MessageRepository::read);
  }

  /**
   * Deletes a message of the folder unless it carries any of {@code protectedFlags} (e.g.
   * MSGFLAG_SUBMIT); returns whether it was deleted. The row is found by its entry id alone and
   * locked, checked, then deleted by its primary key: each statement has one index to use (see
   * {@link #find}), and the lock keeps the check true until the delete.
   */
  public boolean deleteUnlessFlagged(
      Connection c, long folderId, byte[] entryId, int protectedFlags) throws SQLException {
    MessageRow row =
        Jdbc.first(
            c,
            """
            SELECT id, folder_id, message_flags
              FROM message
             WHERE entry_id = ?
               FOR UPDATE
            """,
            ps -> ps.setBytes(1, entryId),
            rs -> new MessageRow(rs.getLong(1), rs.getLong(2), rs.getInt(3)));
    if (row == null || row.place() != folderId || (row.flags() & protectedFlags) != 0) {
      return false;
    }
    delete(c, row.id());
    return true;
  }

  /**
   * Sets or clears MSGFLAG_READ at once, unless the message is submitted (its read flag is then
   * frozen). Returns whether the row changed.
   */
  public boolean updateReadFlag(Connection c, long messageId, boolean read, int frozenFlags)
      throws SQLException {
    int count =
        Jdbc.update(
            c,
            """
            UPDATE message
               SET message_flags = CASE WHEN ? THEN %s ELSE %s END
             WHERE id = ?
               AND %s = 0
            """
                .formatted(
                    dialect.bitOr("message_flags", "1"),
                    dialect.bitAnd("message_flags", "-2"),
                    dialect.bitAnd("message_flags", "CAST(? AS INT)")),
            ps -> {
              ps.setBoolean(1, read);
              ps.setLong(2, messageId);
              ps.setInt(3, frozenFlags);
            });
    return Jdbc.atMostOne(count, "read-flag update of message", messageId);
  }

  /** Writes the message flags alone (submit, abort, finish), bumping the version. */
  public boolean updateFlags(Connection c, long messageId, int flags) throws SQLException {
    int count =
        Jdbc.update(
            c,
            """
            UPDATE message
               SET message_flags = ?,
                   version = version + 1
             WHERE id = ?
            """,
            ps -> {
              ps.setInt(1, flags);
              ps.setLong(2, messageId);
            });
    return Jdbc.atMostOne(count, "flag update of message", messageId);
  }

  /**
   * Moves a message to another folder of its mailbox under a new entry id (ids change on a move).
   */
  public void move(
      Connection c, long messageId, long folderId, byte[] newEntryId, int flags, long nowUs)
      throws SQLException {
    int count =
        Jdbc.update(
            c,
            """
            UPDATE message
               SET folder_id = ?,
                   entry_id = ?,
                   message_flags = ?,
                   modified_us = ?,
                   version = version + 1
             WHERE id = ?
            """,
            ps -> {
              ps.setLong(1, folderId);
              ps.setBytes(2, newEntryId);
              ps.setInt(3, flags);
              ps.setLong(4, nowUs);
              ps.setLong(5, messageId);
            });
    Jdbc.expectOne(count, "move message", messageId);
  }

  public void delete(Connection c, long messageId) throws SQLException {
    int count =
        Jdbc.update(
            c,
            """
            DELETE FROM message
             WHERE id = ?
            """,
            ps -> ps.setLong(1, messageId));
    Jdbc.expectOne(count, "delete message", messageId);
  }

  /**
   * The message with that entry id in any mailbox, or null: for the spooler, which serves them all.
   */
  public MessageRecord findAnyMailbox(Connection c, byte[] entryId) throws SQLException {
    return Jdbc.first(
        c,
        "SELECT "
            + COLUMNS
            + """

              FROM message
             WHERE entry_id = ?
            """,
        ps -> ps.setBytes(1, entryId),
        MessageRepository::read);
  }

  /**
   * Row id, mailbox ({@link MessageRow#place()}) and flags of a message, without decoding its
   * properties (which may be damaged).
   */
  public MessageRow locate(Connection c, byte[] entryId) throws SQLException {
    return Jdbc.first(
        c,
        """
        SELECT id, mailbox_id, message_flags
          FROM message
         WHERE entry_id = ?
        """,
        ps -> ps.setBytes(1, entryId),
        rs -> new MessageRow(rs.getLong(1), rs.getLong(2), rs.getInt(3)));
  }

  public MessageRecord findById(Connection c, long messageId) throws SQLException {
    return Jdbc.first(
        c,
        "SELECT "
            + COLUMNS
            + """

              FROM message
             WHERE id = ?
            """,
        ps -> ps.setLong(1, messageId),
        MessageRepository::read);
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
