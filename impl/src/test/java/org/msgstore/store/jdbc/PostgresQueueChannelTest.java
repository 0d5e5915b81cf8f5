package org.msgstore.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.msgstore.store.PostgresCluster;
import org.msgstore.store.StoreSettings;

/**
 * How the channel reaches the driver's notifications through an application server's pool, whose
 * wrapper hides the driver's connection (and, in the server, its classes) from the adapter.
 */
@org.junit.jupiter.api.extension.ExtendWith(PostgresCluster.Extension.class)
class PostgresQueueChannelTest {
  /** The accessor WildFly's pool wrapper offers (its name is what the channel looks for). */
  public interface PoolWrapper extends Connection {
    Connection getUnderlyingConnection();
  }

  @Test
  void a_pool_wrapper_with_an_accessor_to_the_driver_connection_hears_announcements()
      throws Exception {
    StoreSettings db = PostgresCluster.get().newDatabase();
    PostgresQueueChannel channel = new PostgresQueueChannel(StoreSchema.named("store"));
    try (Connection driver = connect(db);
        Connection announcing = connect(db)) {
      QueueChannel.Subscription s = channel.subscribe(wrapped(driver, true));
      assertFalse(s.await(Duration.ofMillis(50)), "nothing announced yet");
      channel.announce(announcing);
      assertTrue(s.await(Duration.ofSeconds(30)), "heard through the wrapper");
      new PostgresQueueChannel(StoreSchema.named("other")).announce(announcing);
      assertFalse(s.await(Duration.ofMillis(200)), "another schema's store is not ours");
      s.end();
    }
  }

  @Test
  void a_wrapper_that_hides_the_driver_is_refused_as_not_supported() throws Exception {
    StoreSettings db = PostgresCluster.get().newDatabase();
    try (Connection driver = connect(db)) {
      assertThrows(
          SQLFeatureNotSupportedException.class,
          () ->
              new PostgresQueueChannel(StoreSchema.named("store"))
                  .subscribe(wrapped(driver, false)));
    }
  }

  private static Connection connect(StoreSettings db) throws Exception {
    return DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
  }

  /** A stand-in for a pool's wrapper: every call goes to the driver's connection. */
  private static Connection wrapped(Connection driver, boolean withAccessor) {
    Class<?> type = withAccessor ? PoolWrapper.class : Connection.class;
    return (Connection)
        Proxy.newProxyInstance(
            PostgresQueueChannelTest.class.getClassLoader(),
            new Class<?>[] {type},
            (proxy, method, args) -> {
              if (method.getName().equals("getUnderlyingConnection")) {
                return driver;
              }
              if (method.getName().equals("isWrapperFor") || method.getName().equals("unwrap")) {
                return method.getName().equals("isWrapperFor") ? false : null;
              }
              try {
                return method.invoke(driver, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }
}
