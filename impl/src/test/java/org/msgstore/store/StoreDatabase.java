package org.msgstore.store;

import java.nio.file.Path;
import org.msgstore.testing.TestStores;

/**
 * The databases the store's behaviour suite runs on ({@link StoreContract}). Supporting another
 * database in the tests is one more constant here.
 */
enum StoreDatabase {
  /** The embedded default: a database file in the test's folder. */
  H2 {
    @Override
    StoreSettings newDatabase(Path dir) {
      return TestStores.h2(dir);
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
      return PostgresCluster.get().newDatabase();
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
      return MariaDbCluster.get().newDatabase();
    }
  };

  /** A new, empty store database for one test; {@code dir} is the test's own folder. */
  abstract StoreSettings newDatabase(Path dir);
}
