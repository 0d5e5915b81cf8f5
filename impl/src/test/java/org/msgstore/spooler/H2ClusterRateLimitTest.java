package org.msgstore.spooler;

import java.nio.file.Path;
import org.msgstore.store.MessageStore;
import org.msgstore.store.SettableClock;
import org.msgstore.testing.Slow;

/**
 * {@link ClusterRateLimitContract} on H2: the embedded database takes one process, so the two
 * spoolers share one store object, each with its own node name and connections.
 */
@Slow // two spoolers, 60 messages and 6 s of the clock in 100-ms steps
class H2ClusterRateLimitTest extends ClusterRateLimitContract {
  @Override
  SpoolerFixture fixture(Path dir, SettableClock clock) {
    return new SpoolerFixture(dir, clock);
  }

  @Override
  MessageStore secondServer(SpoolerFixture f, SettableClock clock) {
    return f.store;
  }

  @Override
  void closeSecondServer(MessageStore second) {
    // the fixture's own store
  }
}
