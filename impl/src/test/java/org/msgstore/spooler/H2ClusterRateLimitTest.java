package org.msgstore.spooler;

import java.nio.file.Path;
import org.msgstore.store.MessageStore;
import org.msgstore.store.SettableClock;

/**
 * {@link ClusterRateLimitContract} on H2: the embedded database takes one process, so the two
 * spoolers share one store object, each with its own node name and connections.
 */
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
