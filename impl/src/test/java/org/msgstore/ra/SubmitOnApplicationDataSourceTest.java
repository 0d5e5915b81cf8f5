package org.msgstore.ra;

import org.junit.jupiter.api.extension.ExtendWith;
import org.msgstore.store.PostgresCluster;
import org.msgstore.store.StoreSettings;
import org.postgresql.xa.PGXADataSource;

/**
 * {@link SubmitXaTest} with the store in the application's PostgreSQL datasource (dataSource mode)
 * and the business rows in a different XA database: the transaction manager's two-phase commit
 * still makes both atomic.
 */
@ExtendWith(PostgresCluster.Extension.class)
class SubmitOnApplicationDataSourceTest extends SubmitXaTest {
  private StoreSettings database;

  @Override
  AdapterFixture startAdapter() throws Exception {
    database = PostgresCluster.get().newDatabase().inSchema("store");
    EnlistingDataSource appDs =
        new EnlistingDataSource(xaDataSource(database), Narayana.transactionManager());
    return AdapterFixture.startOnDataSource("submit-appds", appDs, database);
  }

  static PGXADataSource xaDataSource(StoreSettings database) {
    PGXADataSource ds = new PGXADataSource();
    ds.setURL(database.jdbcUrl());
    ds.setUser(database.user());
    ds.setPassword(database.password());
    return ds;
  }

  @Override
  long storedContents(AdapterFixture adapter) throws Exception {
    return SubmitXaOnPostgresTest.storedContents(database, database.schema() + ".");
  }
}
