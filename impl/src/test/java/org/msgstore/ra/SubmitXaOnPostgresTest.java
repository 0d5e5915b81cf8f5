package org.msgstore.ra;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.extension.ExtendWith;
import org.msgstore.store.PostgresCluster;
import org.msgstore.store.StoreSettings;

/**
 * {@link SubmitXaTest} on a PostgreSQL store, through pgjdbc's XA connection as a server with an XA
 * connection definition runs it: attachment content is written and read inside the XA branch (in
 * its row when small, as a large object when large).
 */
@ExtendWith(PostgresCluster.Extension.class)
class SubmitXaOnPostgresTest extends SubmitXaTest {
  private StoreSettings database;

  @Override
  AdapterFixture startAdapter() throws Exception {
    database = PostgresCluster.get().newDatabase();
    return AdapterFixture.startOn("submit-xa-pg", database);
  }

  /**
   * Contents kept in their row plus large objects of the store database: each attachment holds its
   * content in one of the two, and nothing else creates a large object, so a leaked object counts.
   */
  @Override
  long storedContents(AdapterFixture adapter) throws Exception {
    return storedContents(database, "");
  }

  /**
   * Contents kept in their row in {@code schemaDot}{@code attachment}, plus the database's large
   * objects.
   */
  static long storedContents(StoreSettings database, String schemaDot) throws Exception {
    try (Connection c =
            DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT (SELECT COUNT(*) FROM "
                    + schemaDot
                    + "attachment WHERE small_content IS NOT NULL)"
                    + " + (SELECT COUNT(*) FROM pg_largeobject_metadata)")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
