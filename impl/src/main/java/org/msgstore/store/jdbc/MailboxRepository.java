package org.msgstore.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.msgstore.FolderKind;

/** Mailboxes and their fixed set of folders. */
public final class MailboxRepository {
  /** The mailbox, or null. */
  public MailboxRecord find(Connection c, String name) throws SQLException {
    Long mailboxId =
        Jdbc.first(
            c,
            """
            SELECT id
              FROM mailbox
             WHERE name = ?
            """,
            ps -> ps.setString(1, name),
            rs -> rs.getLong(1));
    if (mailboxId == null) {
      return null;
    }
    List<FolderRecord> rows =
        Jdbc.list(
            c,
            """
            SELECT id, entry_id, kind, display_name
              FROM folder
             WHERE mailbox_id = ?
            """,
            ps -> ps.setLong(1, mailboxId),
            rs ->
                new FolderRecord(
                    rs.getLong(1),
                    mailboxId,
                    rs.getBytes(2),
                    FolderKind.valueOf(rs.getString(3)),
                    rs.getString(4)));
    Map<FolderKind, FolderRecord> folders = new EnumMap<>(FolderKind.class);
    rows.forEach(f -> folders.put(f.kind(), f));
    return new MailboxRecord(mailboxId, name, folders);
  }

  /** The name of the mailbox with that id, or null. */
  public String nameOf(Connection c, long mailboxId) throws SQLException {
    return Jdbc.first(
        c,
        """
        SELECT name
          FROM mailbox
         WHERE id = ?
        """,
        ps -> ps.setLong(1, mailboxId),
        rs -> rs.getString(1));
  }

  /**
   * Inserts the mailbox and one folder of each kind. The caller commits; a concurrent creator of
   * the same name makes this fail on the unique name, and the caller then reads the winner's rows.
   */
  public MailboxRecord create(
      Connection c, String name, long nowUs, Supplier<byte[]> newFolderEntryId)
      throws SQLException {
    long mailboxId =
        Jdbc.insert(
            c,
            """
            INSERT INTO mailbox (name, created_us)
            VALUES (?, ?)
            """,
            ps -> {
              ps.setString(1, name);
              ps.setLong(2, nowUs);
            },
            "insert mailbox " + name);
    // One statement for all folders, executed once per kind: each needs its generated id back.
    Map<FolderKind, FolderRecord> folders = new EnumMap<>(FolderKind.class);
    try (PreparedStatement ps =
        c.prepareStatement(
            """
            INSERT INTO folder (mailbox_id, entry_id, kind, display_name)
            VALUES (?, ?, ?, ?)
            """,
            Jdbc.ID_COLUMN)) {
      for (FolderKind kind : FolderKind.values()) {
        byte[] entryId = newFolderEntryId.get();
        ps.setLong(1, mailboxId);
        ps.setBytes(2, entryId);
        ps.setString(3, kind.name());
        ps.setString(4, kind.displayName());
        Jdbc.expectOne(ps.executeUpdate(), "insert folder " + kind + " of " + name);
        folders.put(
            kind,
            new FolderRecord(Jdbc.generatedKey(ps), mailboxId, entryId, kind, kind.displayName()));
      }
    }
    return new MailboxRecord(mailboxId, name, folders);
  }
}
