package org.msgstore.spooler;

import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtendWith;
import org.msgstore.store.MessageStore;
import org.msgstore.store.PostgresCluster;
import org.msgstore.store.SettableClock;
import org.msgstore.store.StoreSettings;
import org.msgstore.testing.Slow;

/**
 * {@link ClusterRateLimitContract} on PostgreSQL: two stores opened on one database, as two servers
 * would.
 */
@ExtendWith(PostgresCluster.Extension.class)
@Slow // two stores on a fresh PostgreSQL database, 90 messages in 100-ms clock steps
class PostgresClusterRateLimitTest extends ClusterRateLimitContract {
  private StoreSettings database;

  @Override
  SpoolerFixture fixture(Path dir, SettableClock clock) {
    database = PostgresCluster.get().newDatabase();
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
