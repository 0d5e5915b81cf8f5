package org.msgstore.bench;

import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.transaction.RollbackException;
import jakarta.transaction.SystemException;
import jakarta.transaction.Transaction;
import jakarta.transaction.TransactionManager;
import org.msgstore.it.app.HaltingXAResource;
import org.msgstore.it.app.HaltingXAResource.Moment;

/**
 * One transaction of reliability/run.sh's in-doubt scenario, with three branches: the business row
 * (the XA datasource BenchOrders), one message (MsgStore) and a {@link HaltingXAResource}. The
 * transaction manager prepares and commits branches in the order they were enlisted, so the halting
 * resource goes last to stop the JVM after the real branches are prepared and before any decision,
 * and first to stop it after the decision is logged and before any real branch is committed.
 */
@Stateless
public class InDoubtWork {
  static final String PATH = "in-doubt";

  @Resource(lookup = "java:/TransactionManager")
  TransactionManager transactionManager;

  @EJB BusinessRows rows;
  @EJB ReliabilityWork store;

  /** Inserts the business row and submits the message {@code subject}; commits at the return. */
  public void run(Moment haltAt, String subject) throws SystemException, RollbackException {
    Transaction tx = transactionManager.getTransaction();
    HaltingXAResource halting = new HaltingXAResource(haltAt);
    if (haltAt == Moment.COMMIT && !tx.enlistResource(halting)) {
      throw new IllegalStateException("the transaction refused the halting resource");
    }
    rows.insert(PATH, subject);
    store.submit(subject);
    if (haltAt != Moment.COMMIT && !tx.enlistResource(halting)) {
      throw new IllegalStateException("the transaction refused the halting resource");
    }
  }
}
