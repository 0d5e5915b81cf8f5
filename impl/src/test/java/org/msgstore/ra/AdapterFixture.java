package org.msgstore.ra;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.TransactionSupport.TransactionSupportLevel;
import jakarta.transaction.TransactionManager;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.msgstore.FolderKind;
import org.msgstore.MessageStoreConnection;
import org.msgstore.MessageStoreConnectionFactory;
import org.msgstore.PropTag;
import org.msgstore.store.QueueEvent;
import org.msgstore.store.StoreSettings;

/**
 * The adapter as a container runs it: started with a bootstrap context whose registry is
 * Narayana's, the embedded default store in {@code directory} (or the store database given), and a
 * connection factory whose connections enlist in the thread's JTA transaction.
 */
final class AdapterFixture implements AutoCloseable {
  final Path directory;
  final TransactionManager tm;
  final MsgStoreResourceAdapter ra = new MsgStoreResourceAdapter();
  final MsgStoreManagedConnectionFactory mcf = new MsgStoreManagedConnectionFactory();
  final EnlistingConnectionManager cm;
  final MessageStoreConnectionFactory factory;
  private final java.util.concurrent.ExecutorService workThreads =
      java.util.concurrent.Executors.newCachedThreadPool();

  AdapterFixture(Path directory, TransactionManager tm) throws ResourceException {
    this(directory, tm, null);
  }

  /** With {@code store} null, the embedded store in {@code directory}; otherwise that database. */
  private AdapterFixture(Path directory, TransactionManager tm, StoreSettings store)
      throws ResourceException {
    this(directory, tm, store, null);
  }

  /**
   * With {@code appDataSource}, the store in that datasource (dataSource mode, in the schema of
   * {@code store}); otherwise as above.
   */
  private AdapterFixture(
      Path directory, TransactionManager tm, StoreSettings store, DataSource appDataSource)
      throws ResourceException {
    this.directory = directory;
    this.tm = tm;
    if (appDataSource != null) {
      ra.setDataSource(APP_DATA_SOURCE);
      ra.setStoreSchema(store.schema());
      ra.lookUpDataSourcesIn(
          name -> {
            if (!name.equals(APP_DATA_SOURCE)) {
              throw new jakarta.resource.spi.ResourceAdapterInternalException("unbound " + name);
            }
            return appDataSource;
          });
    } else if (store == null) {
      ra.setStoreDirectory(directory.toString());
    } else {
      ra.setJdbcUrl(store.jdbcUrl());
      ra.setJdbcUser(store.user());
      ra.setJdbcPassword(store.password());
    }
    // These tests check connections and transactions; a spooler would claim their messages
    // meanwhile.
    ra.setSpoolerEnabled(false);
    // On the application's datasource, work outside the caller's transaction (mailbox creation)
    // needs a WorkManager thread of its own, as in a container.
    ra.start(
        appDataSource == null
            ? new FakeBootstrapContext(Narayana.synchronizationRegistry())
            : FakeBootstrapContext.threaded(workThreads));
    mcf.setResourceAdapter(ra);
    // In dataSource mode the connection definition is configured with NoTransaction, as the README
    // says: the datasource's connection is what the transaction manager enlists.
    cm =
        new EnlistingConnectionManager(
            tm,
            appDataSource == null
                ? TransactionSupportLevel.XATransaction
                : TransactionSupportLevel.NoTransaction);
    factory = (MessageStoreConnectionFactory) mcf.createConnectionFactory(cm);
  }

  static AdapterFixture start(String name) throws ResourceException {
    return new AdapterFixture(H2Databases.newDirectory(name), Narayana.transactionManager());
  }

  /** The JNDI name the application's datasource is bound under in these tests. */
  static final String APP_DATA_SOURCE = "java:test/AppDS";

  /**
   * The adapter in the application's datasource {@code appDataSource} (dataSource mode), its tables
   * in {@code store}'s schema.
   */
  static AdapterFixture startOnDataSource(
      String name, DataSource appDataSource, StoreSettings store) throws ResourceException {
    return new AdapterFixture(
        H2Databases.newDirectory(name), Narayana.transactionManager(), store, appDataSource);
  }

  /** The adapter on {@code store}; {@code directory} still holds the test's other databases. */
  static AdapterFixture startOn(String name, StoreSettings store) throws ResourceException {
    return new AdapterFixture(H2Databases.newDirectory(name), Narayana.transactionManager(), store);
  }

  /** Subjects of the messages in {@code mailbox}'s Outbox, read on a connection of its own. */
  java.util.List<String> outboxSubjects(String mailbox) {
    try (MessageStoreConnection c = factory.getConnection(mailbox)) {
      return c.openFolder(FolderKind.OUTBOX).getContentsTable().stream()
          .map(r -> r.get(PropTag.PR_SUBJECT))
          .toList();
    }
  }

  /**
   * Counts the queue's row-added events from now on: the wake-ups a spooler would get, which the
   * store sends after commit only.
   */
  AtomicInteger queueWakeUps() throws ResourceException {
    AtomicInteger n = new AtomicInteger();
    ra.store()
        .addQueueListener(
            e -> {
              if (e.kind() == QueueEvent.Kind.TABLE_ROW_ADDED) {
                n.incrementAndGet();
              }
            });
    return n;
  }

  /**
   * Saves a message with {@code subject} into {@code mailbox}'s Outbox on a connection of its own
   * (in the thread's transaction, if any).
   */
  void saveToOutbox(String mailbox, String subject) {
    try (MessageStoreConnection c = factory.getConnection(mailbox)) {
      saveToOutbox(c, subject);
    }
  }

  /** Saves a message with {@code subject} into the Outbox through the public API. */
  static void saveToOutbox(MessageStoreConnection c, String subject) {
    var message = c.openFolder(FolderKind.OUTBOX).createMessage();
    message.set(PropTag.PR_SUBJECT, subject);
    message.saveChanges();
    message.close();
  }

  @Override
  public void close() throws ResourceException {
    cm.destroyAll();
    ra.stop();
    workThreads.shutdownNow();
  }
}
