package org.msgstore.ra;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionDefinition;
import jakarta.resource.spi.ConnectionManager;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.InvalidPropertyException;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionFactory;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.ResourceAdapterAssociation;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.security.auth.Subject;
import javax.sql.XAConnection;
import org.msgstore.MapiError;
import org.msgstore.MapiException;
import org.msgstore.MessageStoreConnection;
import org.msgstore.MessageStoreConnectionFactory;
import org.msgstore.config.ConfigProperties;
import org.msgstore.config.Setting;
import org.msgstore.config.SettingValues;
import org.msgstore.ra.access.AccessPolicy;
import org.msgstore.ra.access.DefinitionName;
import org.msgstore.store.MessageStore;

/**
 * A connection definition of the MsgStore adapter: makes managed connections, each holding one
 * physical XA connection to the store database of the associated (started) adapter.
 *
 * <p>Creating a connection factory opens nothing: the container may call it before every setter has
 * run, and may never use it (Cloud-Connectors #25, #271).
 */
@ConnectionDefinition(
    connectionFactory = MessageStoreConnectionFactory.class,
    connectionFactoryImpl = MsgStoreConnectionFactory.class,
    connection = MessageStoreConnection.class,
    connectionImpl = ConnectionHandle.class)
public class MsgStoreManagedConnectionFactory
    implements ManagedConnectionFactory, ResourceAdapterAssociation {
  private static final long serialVersionUID = 1L;

  /** This definition's config-properties, defined in {@link ConfigProperties}. */
  private final SettingValues values = new SettingValues(ConfigProperties.CONNECTION_DEFINITION);

  private transient volatile MsgStoreResourceAdapter adapter;
  private transient PrintWriter logWriter;

  /** Parsed from the access settings at the first use, again after one of them changes. */
  private transient volatile AccessPolicy accessPolicy;

  /** The start-up line is written once per definition, not per factory the server asks for. */
  private final AtomicBoolean announced = new AtomicBoolean();

  public MsgStoreManagedConnectionFactory() {}

  /**
   * Checks the access settings (a bad one fails the definition's deployment with every problem
   * named) and says once what the definition allows: the start-up warning when it is open. The line
   * names the definition by the JNDI name the server gives {@code connectionManager} when it knows
   * it by now (Payara: the resource first looked up), and by its settings.
   */
  @Override
  public Object createConnectionFactory(ConnectionManager connectionManager)
      throws ResourceException {
    AccessPolicy policy = accessPolicy();
    if (announced.compareAndSet(false, true)) {
      policy.announce(DefinitionName.of(ServerJndiName.of(connectionManager), values));
    }
    return new MsgStoreConnectionFactory(this, connectionManager);
  }

  /**
   * Outside a container: each connection gets its own physical connection, closed with it. A bad
   * access setting is an {@link IllegalStateException} here, as there is no deployment to fail.
   */
  @Override
  public Object createConnectionFactory() {
    try {
      return createConnectionFactory(new NonManagedConnectionManager());
    } catch (ResourceException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /** What this definition's users may do; a bad access setting fails with every problem named. */
  AccessPolicy accessPolicy() throws ResourceException {
    AccessPolicy policy = accessPolicy;
    if (policy == null) {
      List<String> problems = new ArrayList<>();
      policy = AccessPolicy.parse(values, problems);
      if (!problems.isEmpty()) {
        throw new InvalidPropertyException(RaLog.connectionDefinitionInvalid(problems));
      }
      accessPolicy = policy;
    }
    return policy;
  }

  @Override
  public ManagedConnection createManagedConnection(Subject subject, ConnectionRequestInfo info)
      throws ResourceException {
    MsgStoreResourceAdapter associated = this.adapter;
    if (associated != null && associated.startPending()) {
      // The server's recovery asks before the adapter runs (see NotStartedLink).
      RaLog.connectionBeforeStart();
      return new MsgStoreManagedConnection(
          this,
          mc -> new NotStartedLink(),
          (handle, mailbox) -> {
            throw new MapiException(
                MapiError.MAPI_E_CALL_FAILED, RaLog.adapterOfDefinitionNotRunning());
          });
    }
    MsgStoreResourceAdapter adapter = requireAdapter();
    MessageStore store = adapter.store();
    if (store.sharesApplicationDataSource()) {
      String dataSource = adapter.settings().dataSource();
      return new MsgStoreManagedConnection(
          this, mc -> new ApplicationDataSourceLink(this, store, dataSource), store::session);
    }
    XAConnection physical;
    try {
      physical = store.openXAConnection();
    } catch (SQLException | RuntimeException e) {
      throw new ResourceException(RaLog.physicalOpenFailed(e), e);
    }
    try {
      return new MsgStoreManagedConnection(
          this, mc -> new OwnDatabaseLink(mc, physical, store::qualify), store::session);
    } catch (ResourceException | RuntimeException e) {
      closeQuietly(physical, e);
      throw e;
    }
  }

  private static void closeQuietly(XAConnection physical, Exception primary) {
    try {
      physical.close();
    } catch (SQLException e) {
      primary.addSuppressed(e);
    }
  }

  /**
   * A free connection of this factory able to serve {@code info}, or null. Any healthy managed
   * connection of an equal factory serves any mailbox (the mailbox is bound per handle), and
   * credentials come from the adapter's configuration, not the Subject, so the Subject does not
   * restrict the match. Never throws: the pool treats an exception as a failed allocation.
   */
  @Override
  public ManagedConnection matchManagedConnections(
      @SuppressWarnings("rawtypes") Set candidates, Subject subject, ConnectionRequestInfo info) {
    if (candidates == null || !(info == null || info instanceof MailboxRequestInfo)) {
      return null;
    }
    for (Object candidate : candidates) {
      if (candidate instanceof MsgStoreManagedConnection mc
          && equals(mc.factory())
          && mc.isUsable()) {
        return mc;
      }
    }
    return null;
  }

  @Override
  public void setLogWriter(PrintWriter out) {
    this.logWriter = out;
  }

  @Override
  public PrintWriter getLogWriter() {
    return logWriter;
  }

  @Override
  public ResourceAdapter getResourceAdapter() {
    return adapter;
  }

  @Override
  public void setResourceAdapter(ResourceAdapter ra) throws ResourceException {
    if (!(ra instanceof MsgStoreResourceAdapter msgStore)) {
      throw new ResourceException(RaLog.notTheMsgStoreAdapter(ra));
    }
    this.adapter = msgStore;
  }

  /**
   * Refuses an application's request while the associated adapter's start has not ended: the pool
   * would hand out a connection made then (see {@link NotStartedLink}) without matching it, and its
   * first call would fail with a generic error.
   *
   * @param mailbox the mailbox asked for, for the message; null for the caller's own
   */
  void refuseBeforeStart(String mailbox) {
    MsgStoreResourceAdapter associated = adapter;
    if (associated != null && associated.startPending()) {
      throw new MapiException(MapiError.MAPI_E_NOT_INITIALIZED, RaLog.refusedBeforeStart(mailbox));
    }
  }

  /** The associated adapter, which must be started. */
  MsgStoreResourceAdapter requireAdapter() throws ResourceException {
    MsgStoreResourceAdapter ra = adapter;
    if (ra == null || !ra.isStarted()) {
      throw new jakarta.resource.spi.IllegalStateException(RaLog.adapterOfDefinitionNotRunning());
    }
    return ra;
  }

  public String getDefaultMailbox() {
    return values.get(ConfigProperties.DEFAULT_MAILBOX);
  }

  public void setDefaultMailbox(String value) {
    values.set(ConfigProperties.DEFAULT_MAILBOX, value);
  }

  public String getAllowedMailboxes() {
    return values.get(ConfigProperties.ALLOWED_MAILBOXES);
  }

  public void setAllowedMailboxes(String value) {
    setAccess(ConfigProperties.ALLOWED_MAILBOXES, value);
  }

  public Boolean getCreateMailboxes() {
    return values.get(ConfigProperties.CREATE_MAILBOXES);
  }

  public void setCreateMailboxes(Boolean value) {
    setAccess(ConfigProperties.CREATE_MAILBOXES, value);
  }

  public String getAllowedSenders() {
    return values.get(ConfigProperties.ALLOWED_SENDERS);
  }

  public void setAllowedSenders(String value) {
    setAccess(ConfigProperties.ALLOWED_SENDERS, value);
  }

  public Boolean getMailboxFromCaller() {
    return values.get(ConfigProperties.MAILBOX_FROM_CALLER);
  }

  public void setMailboxFromCaller(Boolean value) {
    setAccess(ConfigProperties.MAILBOX_FROM_CALLER, value);
  }

  private <T> void setAccess(Setting<T> setting, T value) {
    values.set(setting, value);
    accessPolicy = null;
  }

  /** By configuration only: the pool uses it to find connections of the same definition. */
  @Override
  public boolean equals(Object o) {
    return o == this
        || (o instanceof MsgStoreManagedConnectionFactory other
            && o.getClass() == getClass()
            && values.equals(other.values));
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }
}
