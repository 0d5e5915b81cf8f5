package org.msgstore.ra;

import jakarta.resource.NotSupportedException;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.BootstrapContext;
import jakarta.resource.spi.ConfigProperty;
import jakarta.resource.spi.Connector;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.ResourceAdapterInternalException;
import jakarta.resource.spi.TransactionSupport;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.Objects;
import javax.management.JMException;
import javax.management.ObjectName;
import javax.transaction.xa.XAResource;
import org.msgstore.ra.inflow.NewMailActivationSpec;
import org.msgstore.ra.inflow.NewMailInflow;
import org.msgstore.store.MessageStore;

/**
 * The MsgStore resource adapter: owns the {@link MessageStore} (one per deployment) and the
 * container's {@link BootstrapContext}. Configuration is collected by the setters and resolved once
 * in {@link #start} into {@link AdapterSettings}; it is frozen from then on.
 */
@Connector(
    displayName = "MsgStore",
    description = "A MAPI-style message store with a transactional send path",
    vendorName = "MsgStore",
    eisType = "MAPI message store",
    version = "0.1",
    transactionSupport = TransactionSupport.TransactionSupportLevel.XATransaction,
    reauthenticationSupport = false)
public class MsgStoreResourceAdapter implements ResourceAdapter {
  private String jdbcUrl = AdapterSettings.DEFAULT_JDBC_URL;
  private String jdbcUser = AdapterSettings.DEFAULT_JDBC_USER;
  private String jdbcPassword = AdapterSettings.DEFAULT_JDBC_PASSWORD;
  private String storeDirectory = AdapterSettings.DEFAULT_STORE_DIRECTORY;
  private Integer lockTimeoutMs = AdapterSettings.DEFAULT_LOCK_TIMEOUT_MS;
  private Boolean spoolerEnabled = SpoolerConfig.DEFAULT_SPOOLER_ENABLED;
  private Integer spoolerThreads = SpoolerConfig.DEFAULT_SPOOLER_THREADS;
  private Integer spoolerPollIntervalMs = SpoolerConfig.DEFAULT_POLL_INTERVAL_MS;
  private Integer spoolerLeaseMs = SpoolerConfig.DEFAULT_LEASE_MS;
  private Integer spoolerBatchSize = SpoolerConfig.DEFAULT_BATCH_SIZE;
  private Integer retryMinMs = SpoolerConfig.DEFAULT_RETRY_MIN_MS;
  private Integer retryMaxMs = SpoolerConfig.DEFAULT_RETRY_MAX_MS;
  private Long maxQueueLifetimeMs = SpoolerConfig.DEFAULT_MAX_QUEUE_LIFETIME_MS;
  private String transportOrder = SpoolerConfig.DEFAULT_TRANSPORT_ORDER;
  private String nodeName = SpoolerConfig.DEFAULT_NODE_NAME;

  /**
   * Transport settings by name (smtpHost, localDomains, ...): handed to the transports as they are.
   */
  private final java.util.Map<String, String> transportSettings =
      new java.util.TreeMap<>(TransportDefaults.VALUES);

  /** Non-null exactly while started; read by managed connections on other threads. */
  private volatile Running running;

  /** What exists only between start() and stop(). */
  private record Running(
      AdapterSettings settings,
      BootstrapContext context,
      MessageStore store,
      SpoolerRuntime spooler,
      NewMailInflow inflow,
      ObjectName spoolerMBean) {}

  /** How long stop() waits for the spooler to hand back its messages. */
  static final long STOP_TIMEOUT_MS = 10_000;

  public MsgStoreResourceAdapter() {}

  @Override
  public void start(BootstrapContext context) throws ResourceAdapterInternalException {
    AdapterSettings settings =
        AdapterSettings.resolve(
            jdbcUrl,
            jdbcUser,
            jdbcPassword,
            storeDirectory,
            lockTimeoutMs,
            new SpoolerConfig.Raw(
                spoolerEnabled,
                spoolerThreads,
                spoolerPollIntervalMs,
                spoolerLeaseMs,
                spoolerBatchSize,
                retryMinMs,
                retryMaxMs,
                maxQueueLifetimeMs,
                transportOrder,
                nodeName,
                java.util.Map.copyOf(transportSettings)),
            System::getProperty);
    if (settings.embedded()) {
      try {
        Files.createDirectories(settings.storeDirectory());
      } catch (IOException | RuntimeException e) {
        throw new ResourceAdapterInternalException(
            RaLog.msg(
                RaLog.INVALID_CONFIGURATION,
                "cannot create storeDirectory '"
                    + settings.storeDirectory()
                    + "' for the embedded database: "
                    + e
                    + "; set storeDirectory to a writable directory"),
            e);
      }
    }
    MessageStore store;
    try {
      store = MessageStore.open(settings.storeSettings(), Clock.systemUTC());
    } catch (RuntimeException e) {
      throw new ResourceAdapterInternalException(
          RaLog.msg(
              RaLog.STORE_OPEN_FAILED,
              "cannot open the message store at "
                  + AdapterSettings.maskUrl(settings.jdbcUrl())
                  + ": "
                  + e.getMessage()),
          e);
    }
    SpoolerRuntime spooler = null;
    if (settings.spooler().enabled()) {
      try {
        spooler = SpoolerRuntime.start(store, settings.spooler(), context);
      } catch (ResourceAdapterInternalException | RuntimeException e) {
        store.close();
        throw e;
      }
    } else {
      RaLog.info(
          RaLog.SPOOLER_DISABLED,
          "spoolerEnabled=false: messages are queued but not sent by this server");
    }
    ObjectName spoolerMBean = null;
    if (spooler != null) {
      try {
        org.msgstore.spooler.Spooler loop = spooler.spooler();
        spoolerMBean =
            org.msgstore.ra.management.Spooler.register(
                spooler.counters(), loop::queueDepth, () -> loop.queueItems(100));
      } catch (JMException | RuntimeException e) {
        // Status is then only not visible over JMX: never a reason to refuse to start.
        RaLog.warn(
            RaLog.SPOOLER_MBEAN_FAILED,
            "cannot register the MBean " + org.msgstore.ra.management.Spooler.OBJECT_NAME,
            e);
      }
    }
    running =
        new Running(
            settings,
            context,
            store,
            spooler,
            new NewMailInflow(store, context.getWorkManager()),
            spoolerMBean);
    RaLog.info(RaLog.ADAPTER_STARTED, "MsgStore resource adapter started: " + settings);
  }

  @Override
  public void stop() {
    Running r = running;
    running = null;
    if (r == null) {
      return;
    }
    r.inflow().deactivateAll();
    org.msgstore.ra.management.Spooler.unregister(r.spoolerMBean());
    if (r.spooler() != null) {
      r.spooler().stop(STOP_TIMEOUT_MS);
    }
    try {
      r.store().close();
    } catch (RuntimeException e) {
      RaLog.warn(RaLog.STORE_CLOSE_FAILED, "closing the message store failed", e);
    }
    RaLog.info(RaLog.ADAPTER_STOPPED, "MsgStore resource adapter stopped");
  }

  @Override
  public void endpointActivation(MessageEndpointFactory factory, ActivationSpec spec)
      throws ResourceException {
    if (!(spec instanceof NewMailActivationSpec newMail)) {
      throw new NotSupportedException(
          RaLog.msg(
              RaLog.INFLOW_NOT_AVAILABLE,
              "MsgStore delivers only to org.msgstore.inflow.NewMailListener endpoints, not "
                  + spec));
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

  AdapterSettings settings() throws ResourceException {
    return requireRunning().settings();
  }

  boolean isStarted() {
    return running != null;
  }

  private Running requireRunning() throws ResourceException {
    Running r = running;
    if (r == null) {
      throw new jakarta.resource.spi.IllegalStateException(
          RaLog.msg(
              RaLog.NOT_ASSOCIATED,
              "the MsgStore resource adapter is not started; deploy msgstore.rar and check the"
                  + " server log for why it did not start"));
    }
    return r;
  }

  /**
   * Refuses changes once started: the running settings are frozen, a change would be silently
   * ignored.
   */
  private void checkMutable(String property, Object current, Object next) {
    if (running != null && !Objects.equals(current, next)) {
      throw new IllegalStateException(
          RaLog.msg(
              RaLog.SETTINGS_FROZEN,
              "config-property "
                  + property
                  + " cannot change while the MsgStore adapter runs; change it and restart the"
                  + " adapter"));
    }
  }

  public String getJdbcUrl() {
    return jdbcUrl;
  }

  @ConfigProperty(
      type = String.class,
      defaultValue = AdapterSettings.DEFAULT_JDBC_URL,
      description =
          "JDBC URL of the store database. Empty (default): an embedded H2 file database"
              + " <storeDirectory>/msgstore. An H2 URL gets WRITE_DELAY=0; another WRITE_DELAY is"
              + " refused. For several servers use PostgreSQL.")
  public void setJdbcUrl(String jdbcUrl) {
    checkMutable("jdbcUrl", this.jdbcUrl, jdbcUrl);
    this.jdbcUrl = jdbcUrl;
  }

  public String getJdbcUser() {
    return jdbcUser;
  }

  @ConfigProperty(
      type = String.class,
      defaultValue = AdapterSettings.DEFAULT_JDBC_USER,
      description = "Database user for jdbcUrl; empty for the embedded database.")
  public void setJdbcUser(String jdbcUser) {
    checkMutable("jdbcUser", this.jdbcUser, jdbcUser);
    this.jdbcUser = jdbcUser;
  }

  public String getJdbcPassword() {
    return jdbcPassword;
  }

  @ConfigProperty(
      type = String.class,
      defaultValue = AdapterSettings.DEFAULT_JDBC_PASSWORD,
      confidential = true,
      description = "Database password for jdbcUser.")
  public void setJdbcPassword(String jdbcPassword) {
    checkMutable("jdbcPassword", this.jdbcPassword, jdbcPassword);
    this.jdbcPassword = jdbcPassword;
  }

  public String getStoreDirectory() {
    return storeDirectory;
  }

  @ConfigProperty(
      type = String.class,
      defaultValue = AdapterSettings.DEFAULT_STORE_DIRECTORY,
      description =
          "Absolute directory for the embedded database. Empty (default):"
              + " ${jboss.server.data.dir}/msgstore on WildFly,"
              + " ${com.sun.aas.instanceRoot}/msgstore on Payara, else ${user.home}/.msgstore.")
  public void setStoreDirectory(String storeDirectory) {
    checkMutable("storeDirectory", this.storeDirectory, storeDirectory);
    this.storeDirectory = storeDirectory;
  }

  public Integer getLockTimeoutMs() {
    return lockTimeoutMs;
  }

  @ConfigProperty(
      type = Integer.class,
      defaultValue = "" + AdapterSettings.DEFAULT_LOCK_TIMEOUT_MS,
      description =
          "Milliseconds a store statement waits for a row lock before failing (1..3600000).")
  public void setLockTimeoutMs(Integer lockTimeoutMs) {
    checkMutable("lockTimeoutMs", this.lockTimeoutMs, lockTimeoutMs);
    this.lockTimeoutMs = lockTimeoutMs;
  }

  public Boolean getSpoolerEnabled() {
    return spoolerEnabled;
  }

  @ConfigProperty(
      type = Boolean.class,
      defaultValue = "" + SpoolerConfig.DEFAULT_SPOOLER_ENABLED,
      description =
          "Whether this server runs the spooler. false: messages are queued (by this or other servers) but this server sends nothing.")
  public void setSpoolerEnabled(Boolean spoolerEnabled) {
    checkMutable("spoolerEnabled", this.spoolerEnabled, spoolerEnabled);
    this.spoolerEnabled = spoolerEnabled;
  }

  public Integer getSpoolerThreads() {
    return spoolerThreads;
  }

  @ConfigProperty(
      type = Integer.class,
      defaultValue = "" + SpoolerConfig.DEFAULT_SPOOLER_THREADS,
      description =
          "Messages delivered at once, each on a WorkManager thread with its own store connection (1..64).")
  public void setSpoolerThreads(Integer spoolerThreads) {
    checkMutable("spoolerThreads", this.spoolerThreads, spoolerThreads);
    this.spoolerThreads = spoolerThreads;
  }

  public Integer getSpoolerPollIntervalMs() {
    return spoolerPollIntervalMs;
  }

  @ConfigProperty(
      type = Integer.class,
      defaultValue = "" + SpoolerConfig.DEFAULT_POLL_INTERVAL_MS,
      description =
          "Milliseconds between queue polls when no commit woke the spooler: the safety net for deferred messages coming due, lapsed leases and other servers (100..3600000).")
  public void setSpoolerPollIntervalMs(Integer spoolerPollIntervalMs) {
    checkMutable("spoolerPollIntervalMs", this.spoolerPollIntervalMs, spoolerPollIntervalMs);
    this.spoolerPollIntervalMs = spoolerPollIntervalMs;
  }

  public Integer getSpoolerLeaseMs() {
    return spoolerLeaseMs;
  }

  @ConfigProperty(
      type = Integer.class,
      defaultValue = "" + SpoolerConfig.DEFAULT_LEASE_MS,
      description =
          "Milliseconds a claimed message stays locked to this server without renewal; a crashed server's messages return to the queue after it (1000..86400000).")
  public void setSpoolerLeaseMs(Integer spoolerLeaseMs) {
    checkMutable("spoolerLeaseMs", this.spoolerLeaseMs, spoolerLeaseMs);
    this.spoolerLeaseMs = spoolerLeaseMs;
  }

  public Integer getSpoolerBatchSize() {
    return spoolerBatchSize;
  }

  @ConfigProperty(
      type = Integer.class,
      defaultValue = "" + SpoolerConfig.DEFAULT_BATCH_SIZE,
      description = "Messages claimed per spooler round (1..1000).")
  public void setSpoolerBatchSize(Integer spoolerBatchSize) {
    checkMutable("spoolerBatchSize", this.spoolerBatchSize, spoolerBatchSize);
    this.spoolerBatchSize = spoolerBatchSize;
  }

  public Integer getRetryMinMs() {
    return retryMinMs;
  }

  @ConfigProperty(
      type = Integer.class,
      defaultValue = "" + SpoolerConfig.DEFAULT_RETRY_MIN_MS,
      description =
          "First retry delay after a temporary failure (SMTP 4xx, network); doubles per attempt up to retryMaxMs.")
  public void setRetryMinMs(Integer retryMinMs) {
    checkMutable("retryMinMs", this.retryMinMs, retryMinMs);
    this.retryMinMs = retryMinMs;
  }

  public Integer getRetryMaxMs() {
    return retryMaxMs;
  }

  @ConfigProperty(
      type = Integer.class,
      defaultValue = "" + SpoolerConfig.DEFAULT_RETRY_MAX_MS,
      description = "Longest retry delay.")
  public void setRetryMaxMs(Integer retryMaxMs) {
    checkMutable("retryMaxMs", this.retryMaxMs, retryMaxMs);
    this.retryMaxMs = retryMaxMs;
  }

  public Long getMaxQueueLifetimeMs() {
    return maxQueueLifetimeMs;
  }

  @ConfigProperty(
      type = Long.class,
      defaultValue = "" + SpoolerConfig.DEFAULT_MAX_QUEUE_LIFETIME_MS,
      description =
          "Milliseconds after submit when a message still undelivered gets a non-delivery report (MAPI_DIAG_MAXIMUM_TIME_EXPIRED); default 5 days.")
  public void setMaxQueueLifetimeMs(Long maxQueueLifetimeMs) {
    checkMutable("maxQueueLifetimeMs", this.maxQueueLifetimeMs, maxQueueLifetimeMs);
    this.maxQueueLifetimeMs = maxQueueLifetimeMs;
  }

  public String getTransportOrder() {
    return transportOrder;
  }

  @ConfigProperty(
      type = String.class,
      defaultValue = "" + SpoolerConfig.DEFAULT_TRANSPORT_ORDER,
      description =
          "Transport ids in the order they are offered recipients, comma-separated; transports not named are not used (available: local, smtp).")
  public void setTransportOrder(String transportOrder) {
    checkMutable("transportOrder", this.transportOrder, transportOrder);
    this.transportOrder = transportOrder;
  }

  public String getNodeName() {
    return nodeName;
  }

  @ConfigProperty(
      type = String.class,
      defaultValue = "" + SpoolerConfig.DEFAULT_NODE_NAME,
      description =
          "This server's name in message leases. Empty (default): jboss.node.name, else host and process id.")
  public void setNodeName(String nodeName) {
    checkMutable("nodeName", this.nodeName, nodeName);
    this.nodeName = nodeName;
  }

  public String getSmtpHost() {
    return transportSettings.get("smtpHost");
  }

  @ConfigProperty(type = String.class, defaultValue = "localhost", description = "SMTP relay host.")
  public void setSmtpHost(String value) {
    setTransport("smtpHost", value == null ? "" : value);
  }

  public Integer getSmtpPort() {
    return Integer.valueOf(transportSettings.get("smtpPort"));
  }

  @ConfigProperty(type = Integer.class, defaultValue = "25", description = "SMTP relay port.")
  public void setSmtpPort(Integer value) {
    setTransport("smtpPort", value == null ? "25" : value.toString());
  }

  public String getSmtpStartTls() {
    return transportSettings.get("smtpStartTls");
  }

  @ConfigProperty(
      type = String.class,
      defaultValue = "false",
      description = "STARTTLS: false, true (when offered) or required.")
  public void setSmtpStartTls(String value) {
    setTransport("smtpStartTls", value == null ? "" : value);
  }

  public String getSmtpUser() {
    return transportSettings.get("smtpUser");
  }

  @ConfigProperty(
      type = String.class,
      defaultValue = "",
      description = "SMTP AUTH user; empty: no authentication.")
  public void setSmtpUser(String value) {
    setTransport("smtpUser", value == null ? "" : value);
  }

  public String getSmtpPassword() {
    return transportSettings.get("smtpPassword");
  }

  @ConfigProperty(
      type = String.class,
      defaultValue = "",
      confidential = true,
      description = "SMTP AUTH password.")
  public void setSmtpPassword(String value) {
    setTransport("smtpPassword", value == null ? "" : value);
  }

  public Integer getSmtpConnectTimeoutMs() {
    return Integer.valueOf(transportSettings.get("smtpConnectTimeoutMs"));
  }

  @ConfigProperty(
      type = Integer.class,
      defaultValue = "10000",
      description = "Milliseconds to open an SMTP connection.")
  public void setSmtpConnectTimeoutMs(Integer value) {
    setTransport("smtpConnectTimeoutMs", value == null ? "10000" : value.toString());
  }

  public Integer getSmtpReadTimeoutMs() {
    return Integer.valueOf(transportSettings.get("smtpReadTimeoutMs"));
  }

  @ConfigProperty(
      type = Integer.class,
      defaultValue = "30000",
      description = "Milliseconds to wait for an SMTP reply.")
  public void setSmtpReadTimeoutMs(Integer value) {
    setTransport("smtpReadTimeoutMs", value == null ? "30000" : value.toString());
  }

  public Integer getSmtpWriteTimeoutMs() {
    return Integer.valueOf(transportSettings.get("smtpWriteTimeoutMs"));
  }

  @ConfigProperty(
      type = Integer.class,
      defaultValue = "30000",
      description = "Milliseconds to write to the SMTP server.")
  public void setSmtpWriteTimeoutMs(Integer value) {
    setTransport("smtpWriteTimeoutMs", value == null ? "30000" : value.toString());
  }

  public Integer getSmtpSessions() {
    return Integer.valueOf(transportSettings.get("smtpSessions"));
  }

  @ConfigProperty(
      type = Integer.class,
      defaultValue = "4",
      description = "SMTP sessions open at once; each carries many messages.")
  public void setSmtpSessions(Integer value) {
    setTransport("smtpSessions", value == null ? "4" : value.toString());
  }

  public String getSmtpHeloName() {
    return transportSettings.get("smtpHeloName");
  }

  @ConfigProperty(
      type = String.class,
      defaultValue = "",
      description = "Name sent in HELO/EHLO; empty: the host name.")
  public void setSmtpHeloName(String value) {
    setTransport("smtpHeloName", value == null ? "" : value);
  }

  public String getSmtpDefaultFrom() {
    return transportSettings.get("smtpDefaultFrom");
  }

  @ConfigProperty(
      type = String.class,
      defaultValue = "",
      description = "From address for messages without a sender address.")
  public void setSmtpDefaultFrom(String value) {
    setTransport("smtpDefaultFrom", value == null ? "" : value);
  }

  public String getLocalDomains() {
    return transportSettings.get("localDomains");
  }

  @ConfigProperty(
      type = String.class,
      defaultValue = "",
      description =
          "Comma-separated mail domains whose SMTP addresses are mailboxes of this store (delivered by the local transport).")
  public void setLocalDomains(String value) {
    setTransport("localDomains", value == null ? "" : value);
  }

  private void setTransport(String name, String value) {
    checkMutable(name, transportSettings.get(name), value);
    transportSettings.put(name, value);
  }

  /** By configuration, as the Connectors specification requires (it compares adapters by it). */
  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof MsgStoreResourceAdapter other) || o.getClass() != getClass()) {
      return false;
    }
    return Objects.equals(jdbcUrl, other.jdbcUrl)
        && Objects.equals(jdbcUser, other.jdbcUser)
        && Objects.equals(jdbcPassword, other.jdbcPassword)
        && Objects.equals(storeDirectory, other.storeDirectory)
        && Objects.equals(lockTimeoutMs, other.lockTimeoutMs)
        && Objects.equals(spoolerEnabled, other.spoolerEnabled)
        && Objects.equals(spoolerThreads, other.spoolerThreads)
        && Objects.equals(spoolerPollIntervalMs, other.spoolerPollIntervalMs)
        && Objects.equals(spoolerLeaseMs, other.spoolerLeaseMs)
        && Objects.equals(spoolerBatchSize, other.spoolerBatchSize)
        && Objects.equals(retryMinMs, other.retryMinMs)
        && Objects.equals(retryMaxMs, other.retryMaxMs)
        && Objects.equals(maxQueueLifetimeMs, other.maxQueueLifetimeMs)
        && Objects.equals(transportOrder, other.transportOrder)
        && Objects.equals(nodeName, other.nodeName)
        && Objects.equals(transportSettings, other.transportSettings);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        jdbcUrl,
        jdbcUser,
        jdbcPassword,
        storeDirectory,
        lockTimeoutMs,
        spoolerEnabled,
        spoolerThreads,
        spoolerPollIntervalMs,
        spoolerLeaseMs,
        spoolerBatchSize,
        retryMinMs,
        retryMaxMs,
        maxQueueLifetimeMs,
        transportOrder,
        nodeName,
        transportSettings);
  }
}
