package org.msgstore.store.jdbc;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Message rows with nothing but what the schema requires, in one mailbox and folder, for tests and
 * benchmarks of attachment storage that need a message to hang attachments on and nothing else of
 * the store. Statements run in the connection's current transaction; the caller commits.
 */
final class BareMessages {
  private final Connection c;
  private final long folderId;
  private long nextEntry;

  /** Creates the mailbox and the folder (in the connection's transaction). */
  BareMessages(Connection c) throws SQLException {
    this.c = c;
    try (Statement s = c.createStatement()) {
      s.execute("INSERT INTO mailbox (name, created_us) VALUES ('bare', 0)");
      s.execute(
          "INSERT INTO folder (mailbox_id, entry_id, kind, display_name)"
              + " SELECT id, '\\x01', 'INBOX', 'Inbox' FROM mailbox WHERE name = 'bare'");
      try (ResultSet rs = s.executeQuery("SELECT id FROM folder WHERE entry_id = '\\x01'")) {
        rs.next();
        folderId = rs.getLong(1);
      }
    }
  }

  long insert() throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO message (mailbox_id, folder_id, entry_id, message_flags, version,"
                + " created_us, modified_us, props)"
                + " SELECT mailbox_id, id, ?, 0, 1, 0, 0, '\\x' FROM folder WHERE id = ?"
                + " RETURNING id")) {
      ps.setBytes(1, ("bare-" + nextEntry++).getBytes(StandardCharsets.UTF_8));
      ps.setLong(2, folderId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** Deletes the message; its attachments go with it (ON DELETE CASCADE). */
  void delete(long id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM message WHERE id = ?")) {
      ps.setLong(1, id);
      ps.executeUpdate();
    }
  }
}
