package org.msgstore.store;

import java.nio.file.Path;
import org.msgstore.testing.TestStores;

/**
 * The databases the store's behaviour suite runs on ({@link StoreContract}). Supporting another
 * database in the tests is one more constant here.
 *
 * <p>Each database is set up the way an application shares its own with the store: the
 * application's tables named {@code message}, {@code folder} and {@code mailbox} ({@link
 * ApplicationTables}) in the default schema, the store's tables in a schema of their own. Every
 * behaviour test therefore also checks that no store statement misses the store's schema.
 */
enum StoreDatabase {
  /** The embedded default: a database file in the test's folder. */
  H2 {
    @Override
    StoreSettings newDatabase(Path dir) {
      return shared(TestStores.h2(dir), "msgstore");
    }
  },

  /**
   * A fresh database per test in this JVM's private cluster ({@link PostgresCluster}); skipped with
   * a hint where PostgreSQL is not installed, never under CI.
   */
  POSTGRESQL {
    @Override
    StoreSettings newDatabase(Path dir) {
      PostgresCluster.assumeInstalled();
      // Not "msgstore": that is the test server's user, whose name PostgreSQL's default
      // search_path puts first, so the application's own tables would be hidden behind the store's.
      return shared(PostgresCluster.get().newDatabase(), "store");
    }
  },

  /**
   * A fresh database per test in this JVM's private MariaDB server ({@link MariaDbCluster});
   * skipped with a hint where MariaDB is not installed, never under CI.
   */
  MARIADB {
    @Override
    StoreSettings newDatabase(Path dir) {
      MariaDbCluster.assumeInstalled();
      StoreSettings database = MariaDbCluster.get().newDatabase();
      // A MariaDB schema is a database of the server: one per test, beside the test's database.
      return shared(database, ApplicationTables.databaseName(database) + "_store");
    }
  };

  /** A new, empty store database for one test; {@code dir} is the test's own folder. */
  abstract StoreSettings newDatabase(Path dir);

  private static StoreSettings shared(StoreSettings database, String storeSchema) {
    ApplicationTables.create(database);
    return database.inSchema(storeSchema);
  }
}
