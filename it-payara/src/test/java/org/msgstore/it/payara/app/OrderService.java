package org.msgstore.it.payara.app;

import jakarta.annotation.Resource;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.msgstore.MessageStoreConnection;
import org.msgstore.MessageStoreConnectionFactory;

/**
 * A business row in the application's own XA datasource (H2 through a Payara JDBC XA pool) and the
 * confirmation mail in one container-managed transaction: two XA resources.
 */
@Stateless
public class OrderService {
  @Resource(name = "jdbc/AppXA")
  private DataSource orders;

  @Resource(name = "eis/MsgStore")
  private MessageStoreConnectionFactory factory;

  @Resource private SessionContext context;

  /** H2 commits DDL implicitly: outside any transaction. */
  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  public void createSchema() throws SQLException {
    try (Connection c = orders.getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS orders (id VARCHAR(64) PRIMARY KEY)");
    }
  }

  /**
   * Inserts the order row and submits its confirmation in the caller's transaction; then either
   * marks it rollback-only or throws, as asked.
   */
  public void placeOrder(String orderId, boolean rollbackOnly, boolean fail) throws SQLException {
    try (Connection c = orders.getConnection();
        PreparedStatement insert = c.prepareStatement("INSERT INTO orders (id) VALUES (?)")) {
      insert.setString(1, orderId);
      insert.executeUpdate();
    }
    try (MessageStoreConnection store = factory.getConnection()) {
      Compose.submit(store, Compose.confirmationSubject(orderId));
    }
    if (rollbackOnly) {
      context.setRollbackOnly();
    }
    if (fail) {
      throw new DeliberateFailure("failing after order " + orderId);
    }
  }

  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public boolean orderExists(String orderId) throws SQLException {
    try (Connection c = orders.getConnection();
        PreparedStatement query = c.prepareStatement("SELECT COUNT(*) FROM orders WHERE id = ?")) {
      query.setString(1, orderId);
      try (ResultSet rs = query.executeQuery()) {
        rs.next();
        return rs.getInt(1) == 1;
      }
    }
  }
}
