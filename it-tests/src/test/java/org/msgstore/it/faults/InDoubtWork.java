package org.msgstore.it.faults;

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
 * In the fault ITs' war: one container transaction with two branches, the message (MsgStore's XA
 * branch) and a {@link HaltingXAResource}. The transaction manager prepares and commits branches in
 * the order they were enlisted: enlisted last, the halting resource stops the JVM with the store's
 * branch prepared and no decision logged; enlisted first, with the decision logged and the store's
 * branch not yet committed.
 */
@Stateless
public class InDoubtWork {
  @Resource(lookup = "java:/TransactionManager")
  private TransactionManager transactionManager;

  @EJB private MailboxWork mailbox;

  /** Submits {@code subject}; the transaction commits at the return, unless the JVM halts. */
  public void run(Moment haltAt, String subject) throws SystemException, RollbackException {
    Transaction tx = transactionManager.getTransaction();
    HaltingXAResource halting = new HaltingXAResource(haltAt);
    if (haltAt == Moment.COMMIT && !tx.enlistResource(halting)) {
      throw new IllegalStateException("the transaction refused the halting resource");
    }
    mailbox.submit(subject);
    if (haltAt != Moment.COMMIT && !tx.enlistResource(halting)) {
      throw new IllegalStateException("the transaction refused the halting resource");
    }
  }
}
