package org.msgstore.store;

import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A {@link StoreContract} test with its store open around each test method: {@link #fixture}, on
 * {@link #clock()}. A subclass's own {@code @BeforeEach} runs after the store is open and its
 * {@code @AfterEach} before it is closed.
 */
abstract class OpenStoreContract extends StoreContract {
  StoreFixture fixture;

  /** The clock the store is opened with; a test that moves time overrides this. */
  Clock clock() {
    return Clock.systemUTC();
  }

  @BeforeEach
  final void openStore() {
    fixture = openFixture(clock());
  }

  @AfterEach
  final void closeStore() throws Exception {
    fixture.close();
  }
}
