package org.msgstore.ra;

import jakarta.resource.spi.BootstrapContext;
import jakarta.resource.spi.ResourceAdapterInternalException;
import jakarta.resource.spi.work.Work;
import jakarta.resource.spi.work.WorkCompletedException;
import jakarta.resource.spi.work.WorkException;
import jakarta.resource.spi.work.WorkManager;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.time.Clock;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;
import org.msgstore.MapiError;
import org.msgstore.MapiException;
import org.msgstore.store.MessageStore;
import org.msgstore.store.OutsideTransaction;
import org.msgstore.store.jdbc.StoreSchema;

/**
 * Opens the store in the application's datasource ({@code dataSource} mode): finds the datasource
 * in JNDI and gives the store a way to commit work outside the caller's transaction.
 */
final class ApplicationDataSource {
  /**
   * How long start() waits for the name to be bound: a server may bind its datasources while
   * deployments already start.
   */
  static final long LOOKUP_WAIT_MS = 30_000;

  private static final long LOOKUP_RETRY_MS = 250;

  /** How long a mailbox creation waits for a WorkManager thread before giving up. */
  static final long OUTSIDE_START_TIMEOUT_MS = 30_000;

  private ApplicationDataSource() {}

  /** Finds a datasource by its JNDI name. */
  @FunctionalInterface
  interface Lookup {
    DataSource find(String name) throws ResourceAdapterInternalException;
  }

  /** The server's JNDI, waiting up to {@link #LOOKUP_WAIT_MS} for the name to be bound. */
  static final Lookup JNDI = name -> lookup(name, LOOKUP_WAIT_MS);

  static MessageStore open(AdapterSettings settings, BootstrapContext context, Lookup lookup)
      throws ResourceAdapterInternalException {
    String name = settings.dataSource();
    DataSource dataSource = lookup.find(name);
    return MessageStore.openShared(
        dataSource,
        name,
        StoreSchema.named(settings.storeSchema()),
        outsideTransaction(context),
        Clock.systemUTC());
  }

  /** The datasource bound at {@code name}, waiting up to {@code waitMs} for it to appear. */
  static DataSource lookup(String name, long waitMs) throws ResourceAdapterInternalException {
    long deadline = System.nanoTime() + waitMs * 1_000_000;
    while (true) {
      try {
        Object bound = new InitialContext().lookup(name);
        if (bound instanceof DataSource dataSource) {
          return dataSource;
        }
        throw new ResourceAdapterInternalException(
            RaLog.dataSourceNotFound(
                name,
                0,
                new ClassCastException(
                    "bound object is a " + bound.getClass().getName() + ", not a DataSource")));
      } catch (NamingException e) {
        if (System.nanoTime() >= deadline) {
          throw new ResourceAdapterInternalException(RaLog.dataSourceNotFound(name, waitMs, e), e);
        }
      }
      try {
        Thread.sleep(LOOKUP_RETRY_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ResourceAdapterInternalException(RaLog.dataSourceNotFound(name, waitMs, e), e);
      }
    }
  }

  /**
   * Outside a JTA transaction on this thread; inside one, on a WorkManager thread (which carries no
   * transaction) while the caller waits: every connection the caller's thread takes from the
   * datasource would join its transaction.
   */
  static OutsideTransaction outsideTransaction(BootstrapContext context) {
    TransactionSynchronizationRegistry registry = context.getTransactionSynchronizationRegistry();
    WorkManager workManager = context.getWorkManager();
    return work -> {
      if (registry == null || registry.getTransactionKey() == null) {
        work.run();
        return;
      }
      RuntimeException[] failed = new RuntimeException[1];
      try {
        workManager.doWork(
            new Work() {
              @Override
              public void run() {
                try {
                  work.run();
                } catch (RuntimeException e) {
                  failed[0] = e;
                }
              }

              @Override
              public void release() {
                // Short: one mailbox row and its folders.
              }
            },
            OUTSIDE_START_TIMEOUT_MS,
            null,
            null);
      } catch (WorkCompletedException e) {
        // Ran, and ended with an Error (a RuntimeException is kept in failed[0]).
        throw new MapiException(
            MapiError.MAPI_E_CALL_FAILED,
            "creating the mailbox outside the caller's transaction failed: " + e.getCause(),
            e);
      } catch (WorkException e) {
        throw new MapiException(MapiError.MAPI_E_BUSY, RaLog.outsideTransactionRefused(e), e);
      }
      if (failed[0] != null) {
        throw failed[0];
      }
    };
  }
}
