package org.msgstore.demo;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * The application's own business data: one "order" row per submitted message, in the demo's XA
 * datasource (H2 through WildFly's bundled h2 driver). It commits or rolls back together with the
 * message store in one JTA transaction.
 */
@Singleton
@Startup
public class Orders {
  static final String DATASOURCE = "java:jboss/datasources/DemoOrders";

  @Resource(lookup = DATASOURCE)
  DataSource dataSource;

  @PostConstruct
  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  void createTable() {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE IF NOT EXISTS demo_order ("
              + " id BIGINT AUTO_INCREMENT PRIMARY KEY,"
              + " mailbox VARCHAR(255) NOT NULL,"
              + " subject VARCHAR(1024),"
              + " created TIMESTAMP DEFAULT CURRENT_TIMESTAMP)");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create the demo_order table in " + DATASOURCE, e);
    }
  }

  /** Inserts an order row in the caller's transaction; returns its id. */
  @TransactionAttribute(TransactionAttributeType.MANDATORY)
  public long insert(String mailbox, String subject) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement p =
            c.prepareStatement(
                "INSERT INTO demo_order (mailbox, subject) VALUES (?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
      p.setString(1, mailbox);
      p.setString(2, subject);
      if (p.executeUpdate() != 1) {
        throw new IllegalStateException("inserting the order row changed no row");
      }
      try (ResultSet keys = p.getGeneratedKeys()) {
        keys.next();
        return keys.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot insert the order row: " + e.getMessage(), e);
    }
  }

  /** Committed order rows. */
  @TransactionAttribute(TransactionAttributeType.SUPPORTS)
  public long count() {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT COUNT(*) FROM demo_order")) {
      r.next();
      return r.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot count orders: " + e.getMessage(), e);
    }
  }
}
