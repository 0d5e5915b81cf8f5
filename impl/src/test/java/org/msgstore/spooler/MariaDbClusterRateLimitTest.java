package org.msgstore.spooler;

import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtendWith;
import org.msgstore.store.MariaDbCluster;
import org.msgstore.store.MessageStore;
import org.msgstore.store.SettableClock;
import org.msgstore.store.StoreSettings;
import org.msgstore.testing.Slow;

/**
 * {@link ClusterRateLimitContract} on MariaDB: two stores opened on one database of the private
 * test server, as two servers would, each counting the other's heartbeat in {@code spooler_node}.
 */
@ExtendWith(MariaDbCluster.Extension.class)
@Slow // two stores on a fresh MariaDB database, 90 messages in 100-ms clock steps
class MariaDbClusterRateLimitTest extends ClusterRateLimitContract {
  private StoreSettings database;

  @Override
  SpoolerFixture fixture(Path dir, SettableClock clock) {
    database = MariaDbCluster.get().newDatabase();
    return new SpoolerFixture(dir, clock, c -> MessageStore.open(database, c));
  }

  @Override
  MessageStore secondServer(SpoolerFixture f, SettableClock clock) {
    return MessageStore.open(database, clock);
  }

  @Override
  void closeSecondServer(MessageStore second) {
    second.close();
  }
}
