package org.msgstore.reliability;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.transaction.RollbackException;
import jakarta.transaction.SystemException;
import jakarta.transaction.Transaction;
import jakarta.transaction.TransactionManager;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;
import org.msgstore.reliability.HaltingXAResource.Moment;

/**
 * One transaction of reliability/payara-in-doubt.sh, with three branches: the business row (the XA
 * JDBC resource {@value #ORDERS}), one message (MsgStore) and a {@link HaltingXAResource}. Payara's
 * transaction manager prepares and commits branches in the order they were enlisted, so the halting
 * resource goes last to stop the JVM after the real branches are prepared and before any decision,
 * and first to stop it after the decision is logged and before any real branch is committed. The
 * names are looked up when called, not injected: the other scenarios deploy this war on a domain
 * without {@value #ORDERS}.
 */
@Stateless
public class InDoubtWork {
  static final String ORDERS = "jdbc/ReliabilityOrders";
  private static final String TRANSACTION_MANAGER = "java:appserver/TransactionManager";

  @EJB ReliabilityWork store;

  /**
   * Inserts the business row and submits the message {@code subject}; commits at the return, with
   * the halt at {@code moment} (a {@link Moment}'s name: the container's view of this bean sees
   * only public types). A failure is a system exception: the container rolls the transaction back.
   */
  public void run(String moment, String subject) {
    Moment haltAt = Moment.valueOf(moment);
    try {
      InitialContext naming = new InitialContext();
      Transaction tx = ((TransactionManager) naming.lookup(TRANSACTION_MANAGER)).getTransaction();
      HaltingXAResource halting = new HaltingXAResource(haltAt);
      if (haltAt == Moment.COMMIT) {
        enlist(tx, halting);
      }
      insertRow((DataSource) naming.lookup(ORDERS), subject);
      store.submit(subject);
      if (haltAt != Moment.COMMIT) {
        enlist(tx, halting);
      }
    } catch (NamingException | SQLException | SystemException | RollbackException e) {
      throw new IllegalStateException("the in-doubt transaction failed: " + e, e);
    }
  }

  private static void enlist(Transaction tx, HaltingXAResource halting)
      throws SystemException, RollbackException {
    if (!tx.enlistResource(halting)) {
      throw new IllegalStateException("the transaction refused the halting resource");
    }
  }

  private static void insertRow(DataSource orders, String subject) throws SQLException {
    try (Connection c = orders.getConnection();
        PreparedStatement p = c.prepareStatement("INSERT INTO bench_order (subject) VALUES (?)")) {
      p.setString(1, subject);
      p.executeUpdate();
    }
  }
}
