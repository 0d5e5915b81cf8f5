package org.msgstore.bench;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * The business row every unit of work inserts into the application's own XA datasource, so each
 * path's transaction has two XA resources (or, for the Jakarta Mail path, one plus the SMTP call).
 */
@Singleton
@Startup
public class BusinessRows {
  @Resource(lookup = "java:jboss/datasources/BenchOrders")
  DataSource dataSource;

  @PostConstruct
  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  void createTable() {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE IF NOT EXISTS bench_order (id BIGINT AUTO_INCREMENT PRIMARY KEY,"
              + " path VARCHAR(16) NOT NULL, subject VARCHAR(255),"
              + " created TIMESTAMP DEFAULT CURRENT_TIMESTAMP)");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create bench_order", e);
    }
  }

  /** Inserts in the caller's transaction. */
  @TransactionAttribute(TransactionAttributeType.MANDATORY)
  public void insert(String path, String subject) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement p = c.prepareStatement("INSERT INTO bench_order (path, subject) VALUES (?, ?)")) {
      p.setString(1, path);
      p.setString(2, subject);
      p.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot insert the business row: " + e.getMessage(), e);
    }
  }
}
