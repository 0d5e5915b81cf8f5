package org.msgstore.it.app;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * Creates the application's tables in the database it shares with the store, when the app deploys.
 * Besides {@code orders}, tables named like the store's own ({@code message}, {@code folder},
 * {@code mailbox}) but shaped differently: unqualified names resolve to the application's schema
 * ({@code public}), and the store must neither see nor touch them.
 */
@Singleton
@Startup
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class AppTables {
  @Resource(name = ResourceRefs.APP_DS)
  private DataSource app;

  @PostConstruct
  void create() {
    try (Connection c = app.getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS orders (id VARCHAR(64) PRIMARY KEY)");
      s.execute("CREATE TABLE IF NOT EXISTS message (order_id VARCHAR(64) PRIMARY KEY, note TEXT)");
      s.execute("CREATE TABLE IF NOT EXISTS folder (name VARCHAR(64) PRIMARY KEY)");
      s.execute("CREATE TABLE IF NOT EXISTS mailbox (owner VARCHAR(64) PRIMARY KEY)");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create the application's tables", e);
    }
  }
}
