package org.msgstore.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.msgstore.EntryId;
import org.msgstore.FolderKind;
import org.msgstore.Message;
import org.msgstore.testing.TestMessage;

/**
 * The store in a database it shares with an application: its tables in their own schema, the
 * application's tables of the same names untouched by a message's whole life.
 */
class SharedDatabaseTest extends OpenStoreContract {

  @Test
  void the_applications_message_folder_and_mailbox_tables_keep_their_rows_through_a_messages_life()
      throws Exception {
    List<String> before = ApplicationTables.rows(database());
    MailboxSession alice = fixture.session("alice");
    EntryId id =
        TestMessage.subject("shared database")
            .to("bob@example.com")
            .attachment("a.bin", "application/octet-stream", 70_000)
            .submitIn(alice.openFolder(FolderKind.OUTBOX));
    SpoolerSession spooler = fixture.spoolerSession("node-1", Duration.ofMinutes(5));
    Message m = spooler.openMessage(id);
    spooler.setLockState(m, SpoolerSession.MSG_LOCKED);
    spooler.finishedMsg(0, id);

    assertEquals(before, ApplicationTables.rows(database()));
    assertEquals(3, before.size(), "one row in each of the application's tables");
  }

  @Test
  void the_stores_tables_are_created_in_the_store_schema() throws SQLException {
    assertEquals(
        List.of(
            "attachment",
            "folder",
            "late_report",
            "mailbox",
            "message",
            "outgoing_queue",
            "recipient",
            "spooler_node",
            "suppressed_address"),
        tablesIn(database().schema()));
  }

  /** The store's tables (not Flyway's history) in {@code schema}, lower-cased and sorted. */
  private List<String> tablesIn(String schema) throws SQLException {
    StoreSettings db = database();
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
        PreparedStatement ps =
            c.prepareStatement(
                """
                SELECT LOWER(table_name)
                  FROM information_schema.tables
                 WHERE LOWER(table_schema) = ?
                   AND LOWER(table_name) NOT LIKE 'msgstore_%'
                 ORDER BY 1
                """)) {
      ps.setString(1, schema);
      List<String> tables = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          tables.add(rs.getString(1));
        }
      }
      return tables;
    }
  }
}
