package org.msgstore.it.app;

import jakarta.annotation.Resource;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.msgstore.MessageStoreConnection;
import org.msgstore.MessageStoreConnectionFactory;

/**
 * The use case of the product: a business row in the application's own XA datasource and the
 * confirmation mail, committed (or rolled back) together by the server's transaction manager with
 * two-phase commit across two resources.
 */
@Stateless
public class OrderService {
  @Resource(name = ResourceRefs.APP_XA)
  private DataSource orders;

  @Resource(name = ResourceRefs.MSGSTORE)
  private MessageStoreConnectionFactory factory;

  @Resource private SessionContext context;

  /**
   * Inserts the order row and submits its confirmation in the caller's transaction; after both
   * writes, with {@code rollbackOnly} marks that transaction for rollback, with {@code fail} throws
   * a system exception (the container rolls back).
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
