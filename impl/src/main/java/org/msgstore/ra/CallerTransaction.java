package org.msgstore.ra;

import jakarta.resource.ResourceException;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.function.BooleanSupplier;
import org.msgstore.MapiError;
import org.msgstore.MapiException;

/**
 * The caller's global (JTA) transaction as the container's synchronization registry shows it to a
 * managed connection whose XA branch is associated with it: whether it may still commit, and
 * actions to run once it has committed.
 */
final class CallerTransaction {
  private final MsgStoreManagedConnectionFactory factory;
  private final BooleanSupplier associated;

  /**
   * @param associated whether the connection's XA branch is associated with a global transaction
   */
  CallerTransaction(MsgStoreManagedConnectionFactory factory, BooleanSupplier associated) {
    this.factory = factory;
    this.associated = associated;
  }

  /**
   * jca-notes §4 rule 14: a global transaction marked rollback-only refuses new work at the call.
   */
  void checkCanCommit() {
    if (!associated.getAsBoolean()) {
      return;
    }
    TransactionSynchronizationRegistry registry;
    try {
      registry = factory.requireAdapter().transactionSynchronizationRegistry();
    } catch (ResourceException e) {
      return; // no registry to ask: the transaction manager decides at the end, as it always does
    }
    if (registry != null && registry.getTransactionKey() != null && registry.getRollbackOnly()) {
      throw new MapiException(MapiError.MAPI_E_CALL_FAILED, RaLog.rollbackOnly());
    }
  }

  /**
   * Runs {@code action} after every resource of the global transaction committed, through the
   * registry's interposed synchronization; never on rollback.
   */
  void afterCommit(Runnable action) {
    if (!associated.getAsBoolean()) {
      throw new IllegalStateException(RaLog.afterCommitWithoutTransaction());
    }
    TransactionSynchronizationRegistry registry;
    try {
      registry = factory.requireAdapter().transactionSynchronizationRegistry();
    } catch (ResourceException e) {
      throw new MapiException(MapiError.MAPI_E_CALL_FAILED, e.getMessage(), e);
    }
    if (registry == null) {
      throw new MapiException(MapiError.MAPI_E_NO_SUPPORT, RaLog.noSynchronizationRegistry());
    }
    registry.registerInterposedSynchronization(new RunAfterCommit(action));
  }

  /** Runs an after-commit action; its failure is logged, as a commit cannot be undone. */
  static void runLogged(Runnable action) {
    try {
      action.run();
    } catch (RuntimeException e) {
      RaLog.afterCommitFailed(e);
    }
  }

  /** Runs an action on commit only; afterCompletion must not throw. */
  private record RunAfterCommit(Runnable action) implements Synchronization {
    @Override
    public void beforeCompletion() {}

    @Override
    public void afterCompletion(int status) {
      if (status == Status.STATUS_COMMITTED) {
        runLogged(action);
      }
    }
  }
}
