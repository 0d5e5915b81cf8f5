package org.msgstore.ra;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.ConnectionManager;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionFactory;
import jakarta.resource.spi.TransactionSupport.TransactionSupportLevel;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.Transaction;
import jakarta.transaction.TransactionManager;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.security.auth.Subject;

/**
 * What a container's connection manager does, minus pooling: a managed connection per allocation,
 * its XAResource enlisted in the thread's JTA transaction, and destroyed once the handle is closed
 * and the transaction (if any) has completed.
 */
final class EnlistingConnectionManager implements ConnectionManager {
  private static final long serialVersionUID = 1L;

  private final transient TransactionManager tm;
  final transient List<ManagedConnection> created = new CopyOnWriteArrayList<>();

  private final TransactionSupportLevel transactionSupport;

  /** What a server with container-managed sign-on passes for the current caller; null: none. */
  transient volatile Subject subject;

  EnlistingConnectionManager(TransactionManager tm) {
    this(tm, TransactionSupportLevel.XATransaction);
  }

  /** With the transaction support an administrator configured for the connection definition. */
  EnlistingConnectionManager(TransactionManager tm, TransactionSupportLevel transactionSupport) {
    this.tm = tm;
    this.transactionSupport = transactionSupport;
  }

  @Override
  public Object allocateConnection(ManagedConnectionFactory mcf, ConnectionRequestInfo info)
      throws ResourceException {
    ManagedConnection mc = mcf.createManagedConnection(subject, info);
    created.add(mc);
    try {
      Transaction tx = tm.getTransaction();
      // As a container does: a definition configured with NoTransaction is never enlisted.
      if (tx != null
          && tx.getStatus() == Status.STATUS_ACTIVE
          && transactionSupport != TransactionSupportLevel.NoTransaction) {
        tx.enlistResource(mc.getXAResource());
      }
      mc.addConnectionEventListener(new RecordingListener(e -> released(mc, e)));
      return mc.getConnection(subject, info);
    } catch (Exception e) {
      mc.destroy();
      throw new ResourceException("allocation failed: " + e, e);
    }
  }

  private void released(ManagedConnection mc, ConnectionEvent event) {
    if (event.getId() != ConnectionEvent.CONNECTION_CLOSED
        && event.getId() != ConnectionEvent.CONNECTION_ERROR_OCCURRED) {
      return;
    }
    try {
      Transaction tx = tm.getTransaction();
      if (tx != null && tx.getStatus() == Status.STATUS_ACTIVE) {
        // The branch still needs the physical connection for prepare/commit.
        tx.registerSynchronization(
            new Synchronization() {
              @Override
              public void beforeCompletion() {}

              @Override
              public void afterCompletion(int status) {
                destroy(mc);
              }
            });
      } else {
        destroy(mc);
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void destroy(ManagedConnection mc) {
    try {
      mc.destroy();
    } catch (ResourceException e) {
      throw new IllegalStateException(e);
    }
  }

  void destroyAll() throws ResourceException {
    for (ManagedConnection mc : created) {
      mc.destroy();
    }
  }
}
