package org.msgstore.store;

import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The store's behaviour suite, run on every database MsgStore supports (STYLE habit 12): each
 * behaviour test class extends this and runs once per {@link StoreDatabase}. Test bodies open their
 * store through {@link #openFixture}, never naming a database.
 */
@ParameterizedClass(name = "on {0}")
@EnumSource(StoreDatabase.class)
abstract class StoreContract {
  @Parameter StoreDatabase db;
  @TempDir Path dir;
  private StoreSettings database;

  /**
   * This test's database: created on first use, then the same one, so a test can reopen its store.
   */
  final StoreSettings database() {
    if (database == null) {
      database = db.newDatabase(dir);
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
