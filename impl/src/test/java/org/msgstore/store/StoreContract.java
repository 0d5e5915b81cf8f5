package org.msgstore.store;

import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store's behaviour suite, run on every database MsgStore supports (STYLE habit 12). Each
 * behaviour test class extends this and is abstract; {@link H2StoreTest} and {@link
 * PostgresStoreTest} hold the thin subclasses that say which database a run uses. Test bodies open
 * their store through {@link #openFixture}, never naming a database.
 */
abstract class StoreContract {
  @TempDir Path dir;
  private StoreSettings database;

  /** A new, empty database for one test. */
  abstract StoreSettings newDatabase(Path dir);

  /**
   * This test's database: created on first use, then the same one, so a test can reopen its store.
   */
  final StoreSettings database() {
    if (database == null) {
      database = newDatabase(dir);
    }
    return database;
  }

  final StoreFixture openFixture() {
    return openFixture(Clock.systemUTC());
  }

  final StoreFixture openFixture(Clock clock) {
    return new StoreFixture(database(), clock);
  }
}
