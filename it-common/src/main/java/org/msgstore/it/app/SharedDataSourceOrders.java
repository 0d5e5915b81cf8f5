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
import org.msgstore.FolderKind;
import org.msgstore.Message;
import org.msgstore.MessageStoreConnection;
import org.msgstore.MessageStoreConnectionFactory;
import org.msgstore.PropTag;
import org.msgstore.RecipientType;

/**
 * The transactional outbox of the product: the order row and the confirmation mail in one
 * container-managed transaction on <em>one</em> datasource, which the store (dataSource mode) uses
 * too. The application writes unqualified table names, before and after the submit, so a store that
 * changed the shared connection's schema would send the second write into its own tables.
 */
@Stateless
public class SharedDataSourceOrders {
  /** Who the confirmations go to, over SMTP. */
  public static final String CUSTOMER = "customer@example.net";

  /** The mailbox the confirmations are submitted from. */
  public static final String SENDER = "shop";

  @Resource(name = ResourceRefs.APP_DS)
  private DataSource app;

  @Resource(name = ResourceRefs.MSGSTORE)
  private MessageStoreConnectionFactory factory;

  @Resource private SessionContext context;

  /** How {@link #placeOrder} ends its transaction. */
  public enum Outcome {
    COMMIT,
    SET_ROLLBACK_ONLY,
    SYSTEM_EXCEPTION
  }

  /**
   * Inserts the order row, submits its confirmation (subject {@code Compose.confirmationSubject}),
   * and records the confirmation in the application's own {@code message} table; then ends as
   * {@code outcome} says.
   */
  public void placeOrder(String orderId, Outcome outcome) throws SQLException {
    insert("INSERT INTO orders (id) VALUES (?)", orderId);
    submitConfirmation(orderId);
    insert("INSERT INTO message (order_id, note) VALUES (?, 'confirmation submitted')", orderId);
    switch (outcome) {
      case SET_ROLLBACK_ONLY -> context.setRollbackOnly();
      case SYSTEM_EXCEPTION -> throw new DeliberateFailure("failing after order " + orderId);
      case COMMIT -> {}
    }
  }

  /**
   * Inserts the order row, marks the transaction rollback-only, then submits: the submit must be
   * refused at the call (a MapiException), the transaction is rolled back anyway.
   */
  public void placeOrderAfterSetRollbackOnly(String orderId) throws SQLException {
    insert("INSERT INTO orders (id) VALUES (?)", orderId);
    context.setRollbackOnly();
    submitConfirmation(orderId);
  }

  /**
   * Submits the order's confirmation from {@link #SENDER} to {@link #CUSTOMER}, to be filed into
   * Sent Items once sent. In this bean, not through another one: Payara refuses to call into a
   * second bean once the transaction is marked rollback-only, before the submit could be refused.
   */
  private void submitConfirmation(String orderId) {
    try (MessageStoreConnection store = factory.getConnection(SENDER);
        Message m = store.openFolder(FolderKind.OUTBOX).createMessage()) {
      m.set(PropTag.PR_SUBJECT, Compose.confirmationSubject(orderId));
      m.set(PropTag.PR_BODY, "Your order " + orderId + " is confirmed.");
      m.set(PropTag.PR_SENDER_EMAIL_ADDRESS, SpoolerEjb.SENDER_ADDRESS);
      m.set(PropTag.PR_SENTMAIL_ENTRYID, store.getStoreProperty(PropTag.PR_IPM_SENTMAIL_ENTRYID));
      m.addRecipient(RecipientType.TO, CUSTOMER, "SMTP", CUSTOMER);
      m.submit();
    }
  }

  /** Whether the order row is committed (seen from a new transaction). */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public boolean orderCommitted(String orderId) throws SQLException {
    return count("SELECT COUNT(*) FROM orders WHERE id = ?", orderId) == 1;
  }

  /** Whether the application's own {@code message} row of the order is committed. */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public boolean confirmationRecorded(String orderId) throws SQLException {
    return count("SELECT COUNT(*) FROM message WHERE order_id = ?", orderId) == 1;
  }

  private int count(String sql, String orderId) throws SQLException {
    try (Connection c = app.getConnection();
        PreparedStatement query = c.prepareStatement(sql)) {
      query.setString(1, orderId);
      try (ResultSet rs = query.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  private void insert(String sql, String orderId) throws SQLException {
    try (Connection c = app.getConnection();
        PreparedStatement insert = c.prepareStatement(sql)) {
      insert.setString(1, orderId);
      insert.executeUpdate();
    }
  }
}
