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
import javax.transaction.xa.XAResource;
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

  /** Non-null exactly while started; read by managed connections on other threads. */
  private volatile Running running;

  /** What exists only between start() and stop(). */
  private record Running(AdapterSettings settings, BootstrapContext context, MessageStore store) {}

  public MsgStoreResourceAdapter() {}

  @Override
  public void start(BootstrapContext context) throws ResourceAdapterInternalException {
    AdapterSettings settings =
        AdapterSettings.resolve(
            jdbcUrl, jdbcUser, jdbcPassword, storeDirectory, lockTimeoutMs, System::getProperty);
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
    running = new Running(settings, context, store);
    RaLog.info(RaLog.ADAPTER_STARTED, "MsgStore resource adapter started: " + settings);
  }

  @Override
  public void stop() {
    Running r = running;
    running = null;
    if (r == null) {
      return;
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
    throw new NotSupportedException(
        RaLog.msg(
            RaLog.INFLOW_NOT_AVAILABLE,
            "message inflow (NewMailListener message-driven beans) is not available yet in this"
                + " version of MsgStore"));
  }

  @Override
  public void endpointDeactivation(MessageEndpointFactory factory, ActivationSpec spec) {
    // Nothing can have been activated: endpointActivation refuses every endpoint.
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
        && Objects.equals(lockTimeoutMs, other.lockTimeoutMs);
  }

  @Override
  public int hashCode() {
    return Objects.hash(jdbcUrl, jdbcUser, jdbcPassword, storeDirectory, lockTimeoutMs);
  }
}
