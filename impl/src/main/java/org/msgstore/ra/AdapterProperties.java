package org.msgstore.ra;

import static org.msgstore.config.ConfigProperties.BOUNCE_ADDRESS;
import static org.msgstore.config.ConfigProperties.BOUNCE_MAILBOX;
import static org.msgstore.config.ConfigProperties.BOUNCE_MAILBOX_PASSWORD;
import static org.msgstore.config.ConfigProperties.BOUNCE_MAILBOX_POLL_MS;
import static org.msgstore.config.ConfigProperties.BOUNCE_PROCESSED;
import static org.msgstore.config.ConfigProperties.BOUNCE_SIGNING_KEYS;
import static org.msgstore.config.ConfigProperties.DATA_SOURCE;
import static org.msgstore.config.ConfigProperties.DKIM_KEYS;
import static org.msgstore.config.ConfigProperties.DKIM_KEY_STORE;
import static org.msgstore.config.ConfigProperties.DKIM_KEY_STORE_PASSWORD;
import static org.msgstore.config.ConfigProperties.DKIM_REQUIRED;
import static org.msgstore.config.ConfigProperties.JDBC_PASSWORD;
import static org.msgstore.config.ConfigProperties.JDBC_URL;
import static org.msgstore.config.ConfigProperties.JDBC_USER;
import static org.msgstore.config.ConfigProperties.LOCAL_DOMAINS;
import static org.msgstore.config.ConfigProperties.LOCK_TIMEOUT_MS;
import static org.msgstore.config.ConfigProperties.MAX_QUEUE_LIFETIME_MS;
import static org.msgstore.config.ConfigProperties.NODE_NAME;
import static org.msgstore.config.ConfigProperties.PRIORITY_HEAD_START_MS;
import static org.msgstore.config.ConfigProperties.RETRY_MAX_MS;
import static org.msgstore.config.ConfigProperties.RETRY_MIN_MS;
import static org.msgstore.config.ConfigProperties.SMTP_ALLOW_AUTH_WITHOUT_TLS;
import static org.msgstore.config.ConfigProperties.SMTP_CONNECT_TIMEOUT_MS;
import static org.msgstore.config.ConfigProperties.SMTP_DEFAULT_FROM;
import static org.msgstore.config.ConfigProperties.SMTP_DOMAIN_RATES;
import static org.msgstore.config.ConfigProperties.SMTP_FALLBACK_CREDENTIALS;
import static org.msgstore.config.ConfigProperties.SMTP_FALLBACK_RELAYS;
import static org.msgstore.config.ConfigProperties.SMTP_HELO_NAME;
import static org.msgstore.config.ConfigProperties.SMTP_HOST;
import static org.msgstore.config.ConfigProperties.SMTP_IMPLICIT_TLS;
import static org.msgstore.config.ConfigProperties.SMTP_OAUTH2_TOKEN;
import static org.msgstore.config.ConfigProperties.SMTP_PASSWORD;
import static org.msgstore.config.ConfigProperties.SMTP_PORT;
import static org.msgstore.config.ConfigProperties.SMTP_RATE;
import static org.msgstore.config.ConfigProperties.SMTP_READ_TIMEOUT_MS;
import static org.msgstore.config.ConfigProperties.SMTP_RELAY_RATES;
import static org.msgstore.config.ConfigProperties.SMTP_SEND_TIMEOUT_MS;
import static org.msgstore.config.ConfigProperties.SMTP_SESSIONS;
import static org.msgstore.config.ConfigProperties.SMTP_START_TLS;
import static org.msgstore.config.ConfigProperties.SMTP_TRUST_STORE;
import static org.msgstore.config.ConfigProperties.SMTP_TRUST_STORE_PASSWORD;
import static org.msgstore.config.ConfigProperties.SMTP_USER;
import static org.msgstore.config.ConfigProperties.SMTP_WRITE_TIMEOUT_MS;
import static org.msgstore.config.ConfigProperties.SPOOLER_BATCH_SIZE;
import static org.msgstore.config.ConfigProperties.SPOOLER_ENABLED;
import static org.msgstore.config.ConfigProperties.SPOOLER_LEASE_MS;
import static org.msgstore.config.ConfigProperties.SPOOLER_POLL_INTERVAL_MS;
import static org.msgstore.config.ConfigProperties.SPOOLER_THREADS;
import static org.msgstore.config.ConfigProperties.STORE_DIRECTORY;
import static org.msgstore.config.ConfigProperties.STORE_SCHEMA;
import static org.msgstore.config.ConfigProperties.SUPPRESSION_EXPIRY_DAYS;
import static org.msgstore.config.ConfigProperties.TRANSPORT_ORDER;

import java.util.Objects;
import org.msgstore.config.ConfigProperties;
import org.msgstore.config.Setting;
import org.msgstore.config.SettingValues;

/**
 * The resource adapter's config-properties as JavaBean getters and setters, which the Connectors
 * specification requires and the container calls by name. Each one only hands its value to one
 * {@link SettingValues}; names, types, defaults, ranges and descriptions are defined once in {@link
 * ConfigProperties}. Public because the container reflects on these methods of the public adapter
 * class; nothing else should use it.
 */
public abstract class AdapterProperties {
  private final SettingValues values = new SettingValues(ConfigProperties.ADAPTER);

  AdapterProperties() {}

  /** Whether the adapter runs: its settings are then frozen. */
  abstract boolean isStarted();

  /** The settings as set, for start() to resolve. */
  final SettingValues settingValues() {
    return values;
  }

  /**
   * Refuses a change once started: the running settings are frozen, a change would be silently
   * ignored. Setting the same value again is accepted (a console re-applies every value).
   */
  private <T> void set(Setting<T> setting, T value) {
    if (isStarted() && !Objects.equals(values.get(setting), value)) {
      throw new IllegalStateException(RaLog.settingFrozen(setting.name()));
    }
    values.set(setting, value);
  }

  public String getDataSource() {
    return values.get(DATA_SOURCE);
  }

  public void setDataSource(String value) {
    set(DATA_SOURCE, value);
  }

  public String getStoreSchema() {
    return values.get(STORE_SCHEMA);
  }

  public void setStoreSchema(String value) {
    set(STORE_SCHEMA, value);
  }

  public String getJdbcUrl() {
    return values.get(JDBC_URL);
  }

  public void setJdbcUrl(String value) {
    set(JDBC_URL, value);
  }

  public String getJdbcUser() {
    return values.get(JDBC_USER);
  }

  public void setJdbcUser(String value) {
    set(JDBC_USER, value);
  }

  public String getJdbcPassword() {
    return values.get(JDBC_PASSWORD);
  }

  public void setJdbcPassword(String value) {
    set(JDBC_PASSWORD, value);
  }

  public String getStoreDirectory() {
    return values.get(STORE_DIRECTORY);
  }

  public void setStoreDirectory(String value) {
    set(STORE_DIRECTORY, value);
  }

  public Integer getLockTimeoutMs() {
    return values.get(LOCK_TIMEOUT_MS);
  }

  public void setLockTimeoutMs(Integer value) {
    set(LOCK_TIMEOUT_MS, value);
  }

  public Integer getPriorityHeadStartMs() {
    return values.get(PRIORITY_HEAD_START_MS);
  }

  public void setPriorityHeadStartMs(Integer value) {
    set(PRIORITY_HEAD_START_MS, value);
  }

  public Boolean getSpoolerEnabled() {
    return values.get(SPOOLER_ENABLED);
  }

  public void setSpoolerEnabled(Boolean value) {
    set(SPOOLER_ENABLED, value);
  }

  public Integer getSpoolerThreads() {
    return values.get(SPOOLER_THREADS);
  }

  public void setSpoolerThreads(Integer value) {
    set(SPOOLER_THREADS, value);
  }

  public Integer getSpoolerPollIntervalMs() {
    return values.get(SPOOLER_POLL_INTERVAL_MS);
  }

  public void setSpoolerPollIntervalMs(Integer value) {
    set(SPOOLER_POLL_INTERVAL_MS, value);
  }

  public Integer getSpoolerLeaseMs() {
    return values.get(SPOOLER_LEASE_MS);
  }

  public void setSpoolerLeaseMs(Integer value) {
    set(SPOOLER_LEASE_MS, value);
  }

  public Integer getSpoolerBatchSize() {
    return values.get(SPOOLER_BATCH_SIZE);
  }

  public void setSpoolerBatchSize(Integer value) {
    set(SPOOLER_BATCH_SIZE, value);
  }

  public Integer getRetryMinMs() {
    return values.get(RETRY_MIN_MS);
  }

  public void setRetryMinMs(Integer value) {
    set(RETRY_MIN_MS, value);
  }

  public Integer getRetryMaxMs() {
    return values.get(RETRY_MAX_MS);
  }

  public void setRetryMaxMs(Integer value) {
    set(RETRY_MAX_MS, value);
  }

  public Long getMaxQueueLifetimeMs() {
    return values.get(MAX_QUEUE_LIFETIME_MS);
  }

  public void setMaxQueueLifetimeMs(Long value) {
    set(MAX_QUEUE_LIFETIME_MS, value);
  }

  public String getTransportOrder() {
    return values.get(TRANSPORT_ORDER);
  }

  public void setTransportOrder(String value) {
    set(TRANSPORT_ORDER, value);
  }

  public String getNodeName() {
    return values.get(NODE_NAME);
  }

  public void setNodeName(String value) {
    set(NODE_NAME, value);
  }

  public String getSmtpHost() {
    return values.get(SMTP_HOST);
  }

  public void setSmtpHost(String value) {
    set(SMTP_HOST, value);
  }

  public Integer getSmtpPort() {
    return values.get(SMTP_PORT);
  }

  public void setSmtpPort(Integer value) {
    set(SMTP_PORT, value);
  }

  public String getSmtpStartTls() {
    return values.get(SMTP_START_TLS);
  }

  public void setSmtpStartTls(String value) {
    set(SMTP_START_TLS, value);
  }

  public Boolean getSmtpImplicitTls() {
    return values.get(SMTP_IMPLICIT_TLS);
  }

  public void setSmtpImplicitTls(Boolean value) {
    set(SMTP_IMPLICIT_TLS, value);
  }

  public String getSmtpTrustStore() {
    return values.get(SMTP_TRUST_STORE);
  }

  public void setSmtpTrustStore(String value) {
    set(SMTP_TRUST_STORE, value);
  }

  public String getSmtpTrustStorePassword() {
    return values.get(SMTP_TRUST_STORE_PASSWORD);
  }

  public void setSmtpTrustStorePassword(String value) {
    set(SMTP_TRUST_STORE_PASSWORD, value);
  }

  public Boolean getSmtpAllowAuthWithoutTls() {
    return values.get(SMTP_ALLOW_AUTH_WITHOUT_TLS);
  }

  public void setSmtpAllowAuthWithoutTls(Boolean value) {
    set(SMTP_ALLOW_AUTH_WITHOUT_TLS, value);
  }

  public String getSmtpUser() {
    return values.get(SMTP_USER);
  }

  public void setSmtpUser(String value) {
    set(SMTP_USER, value);
  }

  public String getSmtpPassword() {
    return values.get(SMTP_PASSWORD);
  }

  public void setSmtpPassword(String value) {
    set(SMTP_PASSWORD, value);
  }

  public String getSmtpOAuth2Token() {
    return values.get(SMTP_OAUTH2_TOKEN);
  }

  public void setSmtpOAuth2Token(String value) {
    set(SMTP_OAUTH2_TOKEN, value);
  }

  public String getSmtpFallbackRelays() {
    return values.get(SMTP_FALLBACK_RELAYS);
  }

  public void setSmtpFallbackRelays(String value) {
    set(SMTP_FALLBACK_RELAYS, value);
  }

  public String getSmtpFallbackCredentials() {
    return values.get(SMTP_FALLBACK_CREDENTIALS);
  }

  public void setSmtpFallbackCredentials(String value) {
    set(SMTP_FALLBACK_CREDENTIALS, value);
  }

  public Integer getSmtpConnectTimeoutMs() {
    return values.get(SMTP_CONNECT_TIMEOUT_MS);
  }

  public void setSmtpConnectTimeoutMs(Integer value) {
    set(SMTP_CONNECT_TIMEOUT_MS, value);
  }

  public Integer getSmtpReadTimeoutMs() {
    return values.get(SMTP_READ_TIMEOUT_MS);
  }

  public void setSmtpReadTimeoutMs(Integer value) {
    set(SMTP_READ_TIMEOUT_MS, value);
  }

  public Integer getSmtpWriteTimeoutMs() {
    return values.get(SMTP_WRITE_TIMEOUT_MS);
  }

  public void setSmtpWriteTimeoutMs(Integer value) {
    set(SMTP_WRITE_TIMEOUT_MS, value);
  }

  public Integer getSmtpSendTimeoutMs() {
    return values.get(SMTP_SEND_TIMEOUT_MS);
  }

  public void setSmtpSendTimeoutMs(Integer value) {
    set(SMTP_SEND_TIMEOUT_MS, value);
  }

  public Integer getSmtpSessions() {
    return values.get(SMTP_SESSIONS);
  }

  public void setSmtpSessions(Integer value) {
    set(SMTP_SESSIONS, value);
  }

  public String getSmtpRate() {
    return values.get(SMTP_RATE);
  }

  public void setSmtpRate(String value) {
    set(SMTP_RATE, value);
  }

  public String getSmtpRelayRates() {
    return values.get(SMTP_RELAY_RATES);
  }

  public void setSmtpRelayRates(String value) {
    set(SMTP_RELAY_RATES, value);
  }

  public String getSmtpDomainRates() {
    return values.get(SMTP_DOMAIN_RATES);
  }

  public void setSmtpDomainRates(String value) {
    set(SMTP_DOMAIN_RATES, value);
  }

  public String getSmtpHeloName() {
    return values.get(SMTP_HELO_NAME);
  }

  public void setSmtpHeloName(String value) {
    set(SMTP_HELO_NAME, value);
  }

  public String getSmtpDefaultFrom() {
    return values.get(SMTP_DEFAULT_FROM);
  }

  public void setSmtpDefaultFrom(String value) {
    set(SMTP_DEFAULT_FROM, value);
  }

  public String getDkimKeys() {
    return values.get(DKIM_KEYS);
  }

  public void setDkimKeys(String value) {
    set(DKIM_KEYS, value);
  }

  public String getDkimKeyStore() {
    return values.get(DKIM_KEY_STORE);
  }

  public void setDkimKeyStore(String value) {
    set(DKIM_KEY_STORE, value);
  }

  public String getDkimKeyStorePassword() {
    return values.get(DKIM_KEY_STORE_PASSWORD);
  }

  public void setDkimKeyStorePassword(String value) {
    set(DKIM_KEY_STORE_PASSWORD, value);
  }

  public Boolean getDkimRequired() {
    return values.get(DKIM_REQUIRED);
  }

  public void setDkimRequired(Boolean value) {
    set(DKIM_REQUIRED, value);
  }

  public String getLocalDomains() {
    return values.get(LOCAL_DOMAINS);
  }

  public void setLocalDomains(String value) {
    set(LOCAL_DOMAINS, value);
  }

  public String getBounceAddress() {
    return values.get(BOUNCE_ADDRESS);
  }

  public void setBounceAddress(String value) {
    set(BOUNCE_ADDRESS, value);
  }

  public String getBounceSigningKeys() {
    return values.get(BOUNCE_SIGNING_KEYS);
  }

  public void setBounceSigningKeys(String value) {
    set(BOUNCE_SIGNING_KEYS, value);
  }

  public String getBounceMailbox() {
    return values.get(BOUNCE_MAILBOX);
  }

  public void setBounceMailbox(String value) {
    set(BOUNCE_MAILBOX, value);
  }

  public String getBounceMailboxPassword() {
    return values.get(BOUNCE_MAILBOX_PASSWORD);
  }

  public void setBounceMailboxPassword(String value) {
    set(BOUNCE_MAILBOX_PASSWORD, value);
  }

  public Integer getBounceMailboxPollMs() {
    return values.get(BOUNCE_MAILBOX_POLL_MS);
  }

  public void setBounceMailboxPollMs(Integer value) {
    set(BOUNCE_MAILBOX_POLL_MS, value);
  }

  public String getBounceProcessed() {
    return values.get(BOUNCE_PROCESSED);
  }

  public void setBounceProcessed(String value) {
    set(BOUNCE_PROCESSED, value);
  }

  public Integer getSuppressionExpiryDays() {
    return values.get(SUPPRESSION_EXPIRY_DAYS);
  }

  public void setSuppressionExpiryDays(Integer value) {
    set(SUPPRESSION_EXPIRY_DAYS, value);
  }

  /** By configuration, as the Connectors specification requires (it compares adapters by it). */
  @Override
  public boolean equals(Object o) {
    return o == this
        || (o instanceof AdapterProperties other
            && o.getClass() == getClass()
            && values.equals(other.values));
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }
}
