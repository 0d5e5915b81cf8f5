package org.msgstore.ra;

import javax.sql.XADataSource;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mariadb.jdbc.MariaDbDataSource;
import org.msgstore.store.MariaDbCluster;
import org.msgstore.store.StoreSettings;

/**
 * {@link OnePhaseCommitTest} on MariaDB, through its driver's XA data source at READ COMMITTED (as
 * the store requires of a shared MariaDB datasource); the store's tables are in a database of their
 * own on the same server.
 */
@ExtendWith(MariaDbCluster.Extension.class)
class OnePhaseCommitOnMariaDbTest extends OnePhaseCommitTest {
  @Override
  StoreSettings newDatabase() {
    StoreSettings database = MariaDbCluster.get().newDatabase();
    String name = database.jdbcUrl().replaceAll("^.*/([^/?]+).*$", "$1");
    return database.inSchema(name + "_store");
  }

  @Override
  XADataSource xaDataSource(StoreSettings database) throws Exception {
    MariaDbDataSource ds =
        new MariaDbDataSource(database.jdbcUrl() + "?transactionIsolation=READ_COMMITTED");
    ds.setUser(database.user());
    return ds;
  }
}
