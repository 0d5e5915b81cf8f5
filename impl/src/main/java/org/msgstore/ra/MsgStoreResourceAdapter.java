package org.msgstore.ra;

import jakarta.resource.NotSupportedException;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.AuthenticationMechanism;
import jakarta.resource.spi.BootstrapContext;
import jakarta.resource.spi.Connector;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.ResourceAdapterInternalException;
import jakarta.resource.spi.TransactionSupport;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.io.IOException;
import java.time.Clock;
import javax.management.JMException;
import javax.management.ObjectName;
import javax.transaction.xa.XAResource;
import org.msgstore.ra.inflow.NewMailActivationSpec;
import org.msgstore.ra.inflow.NewMailInflow;
import org.msgstore.spooler.QueueOperations;
import org.msgstore.store.MessageStore;

/**
 * The MsgStore resource adapter: owns the {@link MessageStore} (one per deployment) and the
 * container's {@link BootstrapContext}. Configuration is collected by the setters of {@link
 * AdapterProperties} and resolved once in {@link #start} into {@link AdapterSettings}; it is frozen
 * from then on.
 */
@Connector(
    displayName = "MsgStore",
    description = "A MAPI-style message store with a transactional send path",
    vendorName = "MsgStore",
    eisType = "MAPI message store",
    version = "0.1",
    transactionSupport = TransactionSupport.TransactionSupportLevel.XATransaction,
    // What mailboxFromCaller reads from the Subject; Payara consults a pool's security maps only
    // for an adapter that declares it (ra.xml, metadata-complete, says the same).
    authMechanisms =
        @AuthenticationMechanism(
            authMechanism = "BasicPassword",
            credentialInterface = AuthenticationMechanism.CredentialInterface.PasswordCredential),
    reauthenticationSupport = false)
public class MsgStoreResourceAdapter extends AdapterProperties implements ResourceAdapter {
  /** Non-null exactly while started; read by managed connections on other threads. */
  private volatile Running running;

  /** Whether start() has ended (started or failed) or stop() was called: see startPending(). */
  private volatile boolean startEnded;

  /** What exists only between start() and stop(). */
  private record Running(
      AdapterSettings settings,
      BootstrapContext context,
      MessageStore store,
      SpoolerRuntime spooler,
      NewMailInflow inflow,
      ObjectName spoolerMBean,
      BounceRuntime bounces,
      QueueOperations queueOperations,
      ObjectName queueMBean) {}

  /** The queue signal between servers while started, where the database has one. */
  private volatile java.util.Optional<CrossNodeWakeUp> crossNode = java.util.Optional.empty();

  /** Finds the {@code dataSource}; tests, which have no JNDI, bind their own. */
  private volatile ApplicationDataSource.Lookup dataSources = ApplicationDataSource.JNDI;

  /** How long stop() waits for the spooler to hand back its messages. */
  static final long STOP_TIMEOUT_MS = 10_000;

  public MsgStoreResourceAdapter() {}

  @Override
  public void start(BootstrapContext context) throws ResourceAdapterInternalException {
    try {
      startRunning(context);
    } finally {
      startEnded = true;
    }
  }

  private void startRunning(BootstrapContext context) throws ResourceAdapterInternalException {
    AdapterSettings settings = AdapterSettings.resolve(settingValues(), System::getProperty);
    if (settings.embedded()) {
      try {
        PrivateStoreDirectory.prepare(settings.storeDirectory());
      } catch (IOException | RuntimeException e) {
        throw new ResourceAdapterInternalException(
            RaLog.storeDirectoryNotCreated(settings.storeDirectory(), e), e);
      }
    }
    MessageStore store;
    try {
      store =
          settings.sharesApplicationDataSource()
              ? ApplicationDataSource.open(settings, context, dataSources)
              : MessageStore.open(settings.storeSettings(), Clock.systemUTC());
    } catch (RuntimeException e) {
      throw new ResourceAdapterInternalException(
          RaLog.storeOpenFailed(
              settings.sharesApplicationDataSource()
                  ? "dataSource " + settings.dataSource()
                  : AdapterSettings.maskUrl(settings.jdbcUrl()),
              e),
          e);
    }
    narrowStoreFiles(settings);
    store.claimRank().setHeadStart(settings.priorityHeadStart());
    SpoolerRuntime spooler = null;
    if (settings.spooler().enabled()) {
      try {
        spooler = SpoolerRuntime.start(store, settings.spooler(), context);
      } catch (ResourceAdapterInternalException | RuntimeException e) {
        store.close();
        throw e;
      }
    } else {
      RaLog.spoolerDisabled();
    }
    ObjectName spoolerMBean = null;
    if (spooler != null) {
      try {
        org.msgstore.spooler.Spooler loop = spooler.spooler();
        spoolerMBean =
            org.msgstore.ra.management.Spooler.register(
                spooler.counters(),
                loop::queueDepth,
                () -> loop.queueItems(100),
                spooler::flowControl);
      } catch (JMException | RuntimeException e) {
        // Status is then only not visible over JMX: never a reason to refuse to start.
        RaLog.spoolerMBeanFailed(org.msgstore.ra.management.Spooler.OBJECT_NAME, e);
      }
    }
    BounceRuntime bounces;
    try {
      bounces = BounceRuntime.start(store, settings, context);
    } catch (ResourceAdapterInternalException | RuntimeException e) {
      org.msgstore.ra.management.Spooler.unregister(spoolerMBean);
      if (spooler != null) {
        spooler.stop(STOP_TIMEOUT_MS);
      }
      store.close();
      throw e;
    }
    org.msgstore.spooler.Spooler loop = spooler == null ? null : spooler.spooler();
    QueueOperations queueOperations =
        new QueueOperations(store, loop == null ? () -> {} : loop::wakeUp);
    ObjectName queueMBean = null;
    try {
      queueMBean = org.msgstore.ra.management.Queue.register(queueOperations);
    } catch (JMException | RuntimeException e) {
      RaLog.spoolerMBeanFailed(org.msgstore.ra.management.Queue.OBJECT_NAME, e);
    }
    // Last before running is set: nothing after it can fail start() and leave its work behind.
    crossNode = CrossNodeWakeUp.start(store, spooler, context.getWorkManager());
    running =
        new Running(
            settings,
            context,
            store,
            spooler,
            new NewMailInflow(store, context.getWorkManager()),
            spoolerMBean,
            bounces,
            queueOperations,
            queueMBean);
    RaLog.adapterStarted(settings);
  }

  @Override
  public void stop() {
    startEnded = true;
    Running r = running;
    running = null;
    if (r == null) {
      return;
    }
    r.inflow().deactivateAll();
    crossNode.ifPresent(CrossNodeWakeUp::stop);
    crossNode = java.util.Optional.empty();
    r.bounces().stop();
    org.msgstore.ra.management.Spooler.unregister(r.spoolerMBean());
    org.msgstore.ra.management.Spooler.unregister(r.queueMBean());
    r.queueOperations().close();
    if (r.spooler() != null) {
      r.spooler().stop(STOP_TIMEOUT_MS);
    }
    try {
      r.store().close();
    } catch (RuntimeException e) {
      RaLog.storeCloseFailed(e);
    }
    narrowStoreFiles(r.settings()); // and those H2 created while it ran (its trace, say)
    RaLog.adapterStopped();
  }

  /** The embedded store's files, {@code rw-------}: see {@link PrivateStoreDirectory}. */
  private static void narrowStoreFiles(AdapterSettings settings) {
    if (settings.embedded()) {
      try {
        PrivateStoreDirectory.privateFiles(settings.storeDirectory());
      } catch (IOException | RuntimeException e) {
        // The directory is private already: the files are out of other users' reach.
        RaLog.storeDirectoryNotPrivate(settings.storeDirectory(), "rwx------", e);
      }
    }
  }

  @Override
  public void endpointActivation(MessageEndpointFactory factory, ActivationSpec spec)
      throws ResourceException {
    if (!(spec instanceof NewMailActivationSpec newMail)) {
      throw new NotSupportedException(RaLog.inflowNotAvailable(spec));
    }
    requireRunning().inflow().activate(factory, newMail);
  }

  @Override
  public void endpointDeactivation(MessageEndpointFactory factory, ActivationSpec spec) {
    Running r = running;
    if (r != null && spec instanceof NewMailActivationSpec newMail) {
      r.inflow().deactivate(factory, newMail);
    }
  }

  @Override
  public XAResource[] getXAResources(ActivationSpec[] specs) {
    return new XAResource[0];
  }

  /** For tests: where {@code dataSource} names are looked up instead of JNDI. */
  void lookUpDataSourcesIn(ApplicationDataSource.Lookup lookup) {
    this.dataSources = lookup;
  }

  /** The store; fails when the adapter is not started (not deployed, or stopped). */
  MessageStore store() throws ResourceException {
    return requireRunning().store();
  }

  /** The container's registry, or null when the container offers none. */
  TransactionSynchronizationRegistry transactionSynchronizationRegistry() throws ResourceException {
    BootstrapContext context = requireRunning().context();
    return context == null ? null : context.getTransactionSynchronizationRegistry();
  }

  /** The running spooler, or null when it is disabled. */
  SpoolerRuntime spooler() throws ResourceException {
    return requireRunning().spooler();
  }

  /** The bounce intake and suppression list administration. */
  BounceRuntime bounces() throws ResourceException {
    return requireRunning().bounces();
  }

  AdapterSettings settings() throws ResourceException {
    return requireRunning().settings();
  }

  /**
   * Whether the adapter's start() is still to come or under way: the server may associate a
   * connection definition and ask it for a recovery connection before (see {@link NotStartedLink}).
   * False once start() ended, whether it started the adapter or failed, and after stop().
   */
  boolean startPending() {
    return !startEnded;
  }

  @Override
  boolean isStarted() {
    return running != null;
  }

  private Running requireRunning() throws ResourceException {
    Running r = running;
    if (r == null) {
      throw new jakarta.resource.spi.IllegalStateException(RaLog.adapterNotStarted());
    }
    return r;
  }
}
