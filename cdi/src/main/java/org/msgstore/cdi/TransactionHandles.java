package org.msgstore.cdi;

import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.msgstore.MapiError;
import org.msgstore.MapiException;
import org.msgstore.MessageStoreConnection;

/**
 * The handles of the current JTA transaction, one per mailbox, kept as a resource of the
 * transaction in the {@link TransactionSynchronizationRegistry} and closed by an interposed
 * synchronization once the transaction has completed (committed or rolled back).
 */
final class TransactionHandles {
  /** The registry's resource key of this transaction's handles; a type of its own. */
  private enum Key {
    HANDLES
  }

  private final TransactionSynchronizationRegistry registry;

  TransactionHandles(TransactionSynchronizationRegistry registry) {
    this.registry = registry;
  }

  /** Whether a transaction runs on this thread that work can still join. */
  boolean inTransaction() {
    if (registry.getTransactionKey() == null) {
      return false;
    }
    int status = registry.getTransactionStatus();
    return status == Status.STATUS_ACTIVE || status == Status.STATUS_MARKED_ROLLBACK;
  }

  /** The transaction's handle of {@code mailbox}, opened with {@code open} on first use. */
  MessageStoreConnection handle(String mailbox, Function<String, MessageStoreConnection> open) {
    OpenHandles handles = (OpenHandles) registry.getResource(Key.HANDLES);
    if (handles == null) {
      if (registry.getRollbackOnly()) {
        // Registering the closing synchronization is refused now, and no work can commit anyway.
        throw new MapiException(
            MapiError.MAPI_E_CALL_FAILED,
            "the transaction is marked for rollback; mailbox '"
                + mailbox
                + "' was not opened in it before, and work in it can no longer commit");
      }
      handles = new OpenHandles();
      registry.registerInterposedSynchronization(handles);
      registry.putResource(Key.HANDLES, handles);
    }
    return handles.handle(mailbox, open);
  }

  /**
   * Closes this transaction's handles now; the transaction goes on, and a mailbox used again gets a
   * new handle in it. For a bean call that ends in an exception: the container may discard the bean
   * and the connections it holds before it rolls the transaction back.
   */
  void closeNow() {
    if (registry.getTransactionKey() != null
        && registry.getResource(Key.HANDLES) instanceof OpenHandles handles) {
      handles.closeAll();
    }
  }

  /** The handles of one transaction, closed after it, whatever the outcome. */
  private static final class OpenHandles implements Synchronization {
    private final Map<String, MessageStoreConnection> open = new LinkedHashMap<>();

    synchronized MessageStoreConnection handle(
        String mailbox, Function<String, MessageStoreConnection> opener) {
      return open.computeIfAbsent(mailbox, opener);
    }

    synchronized void closeAll() {
      Closing.all(open.values());
      open.clear();
    }

    @Override
    public void beforeCompletion() {
      // The handles stay usable until the end: other synchronizations may still write.
    }

    @Override
    public void afterCompletion(int status) {
      closeAll();
    }
  }
}
