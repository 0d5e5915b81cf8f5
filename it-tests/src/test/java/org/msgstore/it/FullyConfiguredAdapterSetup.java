package org.msgstore.it;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The adapter with <em>every</em> config-property set, as an administrator pointing it at an
 * external database would: an explicit H2 file URL with its own user and password instead of the
 * embedded default. {@link ConfigurationIT} checks this covers every config-property of ra.xml and
 * that each value reaches the adapter. Expressions resolve in the server, so each class gets a
 * database of its own under the (per-run) data directory.
 */
public class FullyConfiguredAdapterSetup extends MsgStoreAdapterSetup {
  static final String DEFAULT_MAILBOX = "it-default";
  static final int LOCK_TIMEOUT_MS = 5000;
  static final String JDBC_USER = "msgstore";

  /** Must never appear in the server log (the adapter masks it). */
  static final String JDBC_PASSWORD = "it-s3cret";

  static final String DATABASE = "msgstore-configured";

  static final Map<String, String> ADAPTER_PROPERTIES = new LinkedHashMap<>();
  static final Map<String, String> CONNECTION_PROPERTIES = new LinkedHashMap<>();

  static {
    ADAPTER_PROPERTIES.put(
        "jdbcUrl", "jdbc:h2:file:${jboss.server.data.dir}/" + DATABASE + "/store");
    ADAPTER_PROPERTIES.put("jdbcUser", JDBC_USER);
    ADAPTER_PROPERTIES.put("jdbcPassword", JDBC_PASSWORD);
    ADAPTER_PROPERTIES.put("storeDirectory", "${jboss.server.data.dir}/" + DATABASE);
    ADAPTER_PROPERTIES.put("lockTimeoutMs", Integer.toString(LOCK_TIMEOUT_MS));
    // The spooler: off, so submitted messages stay queued for the assertions (see
    // MsgStoreAdapterSetup); the rest are valid values an administrator would choose.
    ADAPTER_PROPERTIES.put("spoolerEnabled", "false");
    ADAPTER_PROPERTIES.put("spoolerThreads", "2");
    ADAPTER_PROPERTIES.put("spoolerPollIntervalMs", "60000");
    ADAPTER_PROPERTIES.put("spoolerLeaseMs", "120000");
    ADAPTER_PROPERTIES.put("spoolerBatchSize", "10");
    ADAPTER_PROPERTIES.put("retryMinMs", "60000");
    ADAPTER_PROPERTIES.put("retryMaxMs", "3600000");
    ADAPTER_PROPERTIES.put("maxQueueLifetimeMs", "86400000");
    ADAPTER_PROPERTIES.put("transportOrder", "local,smtp");
    ADAPTER_PROPERTIES.put("nodeName", "it-node");
    ADAPTER_PROPERTIES.put("smtpHost", "127.0.0.1");
    ADAPTER_PROPERTIES.put("smtpPort", "3025");
    ADAPTER_PROPERTIES.put("smtpStartTls", "false");
    ADAPTER_PROPERTIES.put("smtpUser", "it-smtp");
    ADAPTER_PROPERTIES.put("smtpPassword", "it-smtp-s3cret");
    ADAPTER_PROPERTIES.put("smtpConnectTimeoutMs", "5000");
    ADAPTER_PROPERTIES.put("smtpReadTimeoutMs", "10000");
    ADAPTER_PROPERTIES.put("smtpWriteTimeoutMs", "10000");
    ADAPTER_PROPERTIES.put("smtpSessions", "2");
    ADAPTER_PROPERTIES.put("smtpHeloName", "it.example.com");
    ADAPTER_PROPERTIES.put("smtpDefaultFrom", "it@example.com");
    ADAPTER_PROPERTIES.put("localDomains", "example.org");
    CONNECTION_PROPERTIES.put("defaultMailbox", DEFAULT_MAILBOX);
  }

  @Override
  protected Map<String, String> adapterProperties() {
    return ADAPTER_PROPERTIES;
  }

  @Override
  protected Map<String, String> connectionProperties() {
    return CONNECTION_PROPERTIES;
  }
}
