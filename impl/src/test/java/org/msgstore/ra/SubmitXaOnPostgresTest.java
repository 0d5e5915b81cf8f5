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
 * connection definition runs it: attachment content is a large object, written and read inside the
 * XA branch.
 */
@ExtendWith(PostgresCluster.Extension.class)
class SubmitXaOnPostgresTest extends SubmitXaTest {
  private StoreSettings database;

  @Override
  AdapterFixture startAdapter() throws Exception {
    database = PostgresCluster.get().newDatabase();
    return AdapterFixture.startOn("submit-xa-pg", database);
  }

  /** Large objects of the store database: each attachment owns one, nothing else creates any. */
  @Override
  long storedContents(AdapterFixture adapter) throws Exception {
    try (Connection c =
            DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM pg_largeobject_metadata")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
