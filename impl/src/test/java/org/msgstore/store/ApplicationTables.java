package org.msgstore.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An application's own tables with the names of the store's, in the database's default schema: the
 * store shares the database and must never read or write them.
 */
final class ApplicationTables {
  static final List<String> NAMES = List.of("message", "folder", "mailbox");

  private static final Pattern DATABASE = Pattern.compile("^jdbc:[a-z0-9]+://[^/]+/([^?;]+)");

  private ApplicationTables() {}

  /** Creates the tables, each with one row whose text names its table. */
  static void create(StoreSettings database) {
    try (Connection c = connect(database);
        Statement s = c.createStatement()) {
      for (String table : NAMES) {
        s.execute("CREATE TABLE " + table + " (id INT PRIMARY KEY, note VARCHAR(100))");
        s.execute("INSERT INTO " + table + " VALUES (1, 'the application''s " + table + "')");
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create the application's tables: " + e, e);
    }
  }

  /** Every row of the tables, as "table:id:note". */
  static List<String> rows(StoreSettings database) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection c = connect(database);
        Statement s = c.createStatement()) {
      for (String table : NAMES) {
        try (ResultSet rs = s.executeQuery("SELECT id, note FROM " + table + " ORDER BY id")) {
          while (rs.next()) {
            rows.add(table + ":" + rs.getInt(1) + ":" + rs.getString(2));
          }
        }
      }
    }
    return rows;
  }

  /** The database a server URL names (PostgreSQL, MariaDB). */
  static String databaseName(StoreSettings database) {
    Matcher m = DATABASE.matcher(database.jdbcUrl());
    if (!m.find()) {
      throw new IllegalArgumentException("no database name in " + database.jdbcUrl());
    }
    return m.group(1);
  }

  private static Connection connect(StoreSettings database) throws SQLException {
    return DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
  }
}
