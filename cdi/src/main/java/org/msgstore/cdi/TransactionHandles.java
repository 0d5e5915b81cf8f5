package org.msgstore.cdi;

import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.msgstore.MapiError;
import org.msgstore.MapiException;
import org.msgstore.MessageStoreConnection;

/**
 * The handles of the current JTA transaction, one per mailbox, kept as resources of the transaction
 * in the {@link TransactionSynchronizationRegistry} and closed by an interposed synchronization
 * once the transaction has completed (committed or rolled back).
 */
final class TransactionHandles {
  private static final Logger LOG = Logger.getLogger(TransactionHandles.class.getName());

  /** The registry's resource key of a mailbox's handle; a type of its own, so no one else's. */
  private record Key(String mailbox) {}

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
    Key key = new Key(mailbox);
    MessageStoreConnection handle = (MessageStoreConnection) registry.getResource(key);
    if (handle != null) {
      return handle;
    }
    if (registry.getRollbackOnly()) {
      // Registering the closing synchronization is refused now, and no work can commit anyway.
      throw new MapiException(
          MapiError.MAPI_E_CALL_FAILED,
          "the transaction is marked for rollback; mailbox '"
              + mailbox
              + "' was not opened in it before, and work in it can no longer commit");
    }
    MessageStoreConnection opened = open.apply(mailbox);
    try {
      registry.registerInterposedSynchronization(new CloseAtCompletion(opened));
    } catch (RuntimeException e) {
      opened.close();
      throw e;
    }
    registry.putResource(key, opened);
    return opened;
  }

  /** Closes a handle after its transaction, whatever the outcome. */
  private record CloseAtCompletion(MessageStoreConnection handle) implements Synchronization {
    @Override
    public void beforeCompletion() {
      // The handle stays usable until the end: other synchronizations may still write.
    }

    @Override
    public void afterCompletion(int status) {
      try {
        handle.close();
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "closing the handle of mailbox '" + handle.mailbox() + "'", e);
      }
    }
  }
}
