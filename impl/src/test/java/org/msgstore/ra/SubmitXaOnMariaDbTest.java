package org.msgstore.ra;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.extension.ExtendWith;
import org.msgstore.store.MariaDbCluster;
import org.msgstore.store.StoreSettings;

/**
 * {@link SubmitXaTest} on a MariaDB store, through the MariaDB driver's XA connection (MariaDB's
 * own XA START / XA PREPARE) as a server with an XA connection definition runs it: attachment
 * content is a LONGBLOB written inside the XA branch and read back in chunks.
 */
@ExtendWith(MariaDbCluster.Extension.class)
class SubmitXaOnMariaDbTest extends SubmitXaTest {
  private StoreSettings database;

  @Override
  AdapterFixture startAdapter() throws Exception {
    database = MariaDbCluster.get().newDatabase();
    return AdapterFixture.startOn("submit-xa-mariadb", database);
  }

  /** Attachment rows of the store database: the content is a column of its row. */
  @Override
  long storedContents(AdapterFixture adapter) throws Exception {
    try (Connection c =
            DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM attachment")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
