package org.msgstore.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;
import org.msgstore.FolderKind;

/** Mailboxes and their fixed set of folders. */
public final class MailboxRepository {
  /** The mailbox, or null. */
  public MailboxRecord find(Connection c, String name) throws SQLException {
    long mailboxId;
    try (PreparedStatement ps =
        c.prepareStatement(
            """
            SELECT id
              FROM mailbox
             WHERE name = ?
            """)) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        mailboxId = rs.getLong(1);
      }
    }
    Map<FolderKind, FolderRecord> folders = new EnumMap<>(FolderKind.class);
    try (PreparedStatement ps =
        c.prepareStatement(
            """
            SELECT id, entry_id, kind, display_name
              FROM folder
             WHERE mailbox_id = ?
            """)) {
      ps.setLong(1, mailboxId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          FolderKind kind = FolderKind.valueOf(rs.getString(3));
          folders.put(
              kind,
              new FolderRecord(rs.getLong(1), mailboxId, rs.getBytes(2), kind, rs.getString(4)));
        }
      }
    }
    return new MailboxRecord(mailboxId, name, folders);
  }

  /** The name of the mailbox with that id, or null. */
  public String nameOf(Connection c, long mailboxId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            """
            SELECT name
              FROM mailbox
             WHERE id = ?
            """)) {
      ps.setLong(1, mailboxId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  /**
   * Inserts the mailbox and one folder of each kind. The caller commits; a concurrent creator of
   * the same name makes this fail on the unique name, and the caller then reads the winner's rows.
   */
  public MailboxRecord create(
      Connection c, String name, long nowUs, Supplier<byte[]> newFolderEntryId)
      throws SQLException {
    long mailboxId;
    try (PreparedStatement ps =
        c.prepareStatement(
            """
            INSERT INTO mailbox (name, created_us)
            VALUES (?, ?)
            """,
            Jdbc.ID_COLUMN)) {
      ps.setString(1, name);
      ps.setLong(2, nowUs);
      Jdbc.expectOne(ps.executeUpdate(), "insert mailbox " + name);
      mailboxId = Jdbc.generatedKey(ps);
    }
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
