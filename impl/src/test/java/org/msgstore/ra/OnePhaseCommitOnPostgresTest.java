package org.msgstore.ra;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.resource.spi.ResourceAdapterInternalException;
import javax.sql.XADataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.msgstore.store.PostgresCluster;
import org.msgstore.store.StoreSettings;

/** {@link OnePhaseCommitTest} on PostgreSQL, through pgjdbc's XA data source. */
@ExtendWith(PostgresCluster.Extension.class)
class OnePhaseCommitOnPostgresTest extends OnePhaseCommitTest {
  @Override
  StoreSettings newDatabase() {
    return PostgresCluster.get().newDatabase().inSchema("store");
  }

  @Override
  XADataSource xaDataSource(StoreSettings database) {
    return SubmitOnApplicationDataSourceTest.xaDataSource(database);
  }

  @Test
  void the_default_store_schema_is_refused_when_the_database_user_has_its_name() {
    // The test server's user is "msgstore": PostgreSQL's default search_path ("$user", public)
    // would show the store's tables to the application's unqualified queries.
    StoreSettings defaultSchema = database.inSchema("");
    ResourceAdapterInternalException e =
        assertThrows(
            ResourceAdapterInternalException.class,
            () -> AdapterFixture.startOnDataSource("default-schema", appDs, defaultSchema).close());
    assertTrue(e.getMessage().contains("search_path"), e.getMessage());
    assertTrue(e.getMessage().contains("storeSchema"), e.getMessage());
  }
}
