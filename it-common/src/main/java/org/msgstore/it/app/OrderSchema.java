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

/** Creates the application's table when the app deploys. */
@Singleton
@Startup
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED) // H2 commits DDL implicitly
public class OrderSchema {
  @Resource(name = ResourceRefs.APP_XA)
  private DataSource orders;

  @PostConstruct
  void create() {
    try (Connection c = orders.getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS orders (id VARCHAR(64) PRIMARY KEY)");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create the orders table", e);
    }
  }
}
