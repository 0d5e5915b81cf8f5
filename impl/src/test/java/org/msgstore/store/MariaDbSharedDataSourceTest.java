package org.msgstore.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mariadb.jdbc.MariaDbDataSource;
import org.msgstore.FolderKind;
import org.msgstore.MapiError;
import org.msgstore.MapiException;
import org.msgstore.store.jdbc.StoreSchema;
import org.msgstore.testing.PlainConnection;
import org.msgstore.testing.TestMessage;

/**
 * The store in an application's MariaDB datasource (dataSource mode): the dialect comes from the
 * database, the store's tables from a database of their own on the same server, and the
 * datasource's isolation is checked, since the store cannot set it on shared connections.
 */
@ExtendWith(MariaDbCluster.Extension.class)
class MariaDbSharedDataSourceTest {

  private static MariaDbDataSource dataSource(StoreSettings database, String options)
      throws SQLException {
    MariaDbDataSource ds = new MariaDbDataSource(database.jdbcUrl() + options);
    ds.setUser(database.user());
    return ds;
  }

  private static MessageStore open(MariaDbDataSource ds, String schema) {
    return MessageStore.openShared(
        ds,
        "java:jboss/datasources/AppDS",
        StoreSchema.named(schema),
        OutsideTransaction.ON_THIS_THREAD,
        Clock.systemUTC());
  }

  @Test
  void a_datasource_at_repeatable_read_is_refused_at_open_naming_the_setting_to_change()
      throws Exception {
    StoreSettings database = MariaDbCluster.get().newDatabase();
    MapiException e =
        assertThrows(
            MapiException.class, () -> open(dataSource(database, ""), "refused_store").close());
    assertEquals(MapiError.MAPI_E_NO_SUPPORT, e.error());
    assertTrue(e.getMessage().contains("READ COMMITTED"), e.getMessage());
    assertTrue(e.getMessage().contains("transaction-isolation"), e.getMessage());
  }

  @Test
  void at_read_committed_the_store_keeps_its_tables_in_its_own_database_beside_the_applications()
      throws Exception {
    StoreSettings database = MariaDbCluster.get().newDatabase();
    ApplicationTables.create(database);
    String schema = ApplicationTables.databaseName(database) + "_mail";
    MariaDbDataSource ds = dataSource(database, "?transactionIsolation=READ_COMMITTED");
    try (MessageStore store = open(ds, schema);
        Connection c = store.openConnection()) {
      assertEquals("mariadb", store.dialect().name());
      MailboxSession alice = store.session(new PlainConnection(c), "alice");
      TestMessage.subject("shared")
          .to("bob@example.com")
          .submitIn(alice.openFolder(FolderKind.OUTBOX));
      assertEquals(1, alice.openFolder(FolderKind.OUTBOX).getContentsTable().size());
    }
    assertEquals(
        List.of("message:1:the application's message"),
        ApplicationTables.rows(database).stream().filter(r -> r.startsWith("message")).toList());
    assertEquals(1, queuedIn(database, schema));
  }

  private static int queuedIn(StoreSettings database, String schema) throws SQLException {
    try (Connection c =
            DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + schema + ".outgoing_queue")) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
