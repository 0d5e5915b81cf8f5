package org.msgstore.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import javax.sql.XAConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A store on the private MariaDB server: the migrations make InnoDB tables, and each store
 * connection runs at READ COMMITTED with the store's lock timeout.
 */
@ExtendWith(MariaDbCluster.Extension.class)
class MariaDbStoreTest {

  @Test
  void a_store_opens_with_innodb_tables_read_committed_and_the_lock_timeout() throws Exception {
    StoreSettings database = MariaDbCluster.get().newDatabase();
    try (StoreFixture fixture = new StoreFixture(database, Clock.systemUTC())) {
      XAConnection xa = fixture.store.openXAConnection();
      try (Connection c = xa.getConnection();
          Statement s = c.createStatement()) {
        assertEquals(
            "READ-COMMITTED | 5",
            text(s, "SELECT CONCAT(@@tx_isolation, ' | ', @@innodb_lock_wait_timeout)"));
        // Nine tables of the schema and Flyway's history, all InnoDB.
        assertEquals(
            "10 10",
            text(
                s,
                "SELECT CONCAT(COUNT(*), ' ', SUM(ENGINE = 'InnoDB')) FROM information_schema.TABLES"
                    + " WHERE TABLE_SCHEMA = DATABASE()"));
      } finally {
        xa.close();
      }
    }
  }

  private static String text(Statement s, String sql) throws Exception {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
