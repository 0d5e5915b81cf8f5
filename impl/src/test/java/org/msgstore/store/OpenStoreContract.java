package org.msgstore.store;

import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A {@link StoreContract} test with its store open around each test method: {@link #fixture}, on
 * the system clock or on the one {@link #settableClockAt} made. A subclass's own
 * {@code @BeforeEach} runs after the store is open and its {@code @AfterEach} before it is closed.
 */
abstract class OpenStoreContract extends StoreContract {
  StoreFixture fixture;
  private Clock storeClock = Clock.systemUTC();

  /**
   * A clock standing at {@code start} that the store will be opened on; for a test that moves time,
   * called from its field initializer.
   */
  final SettableClock settableClockAt(Instant start) {
    SettableClock clock = new SettableClock(start);
    storeClock = clock;
    return clock;
  }

  @BeforeEach
  final void openStore() {
    fixture = openFixture(storeClock);
  }

  @AfterEach
  final void closeStore() throws Exception {
    // Null when the database was skipped (not installed, outside CI): the test is skipped, not
    // failed by this method.
    if (fixture != null) {
      fixture.close();
    }
  }
}
