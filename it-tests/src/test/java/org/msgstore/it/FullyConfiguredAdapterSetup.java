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
    ADAPTER_PROPERTIES.put("jdbcUrl", "jdbc:h2:file:${jboss.server.data.dir}/" + DATABASE + "/store");
    ADAPTER_PROPERTIES.put("jdbcUser", JDBC_USER);
    ADAPTER_PROPERTIES.put("jdbcPassword", JDBC_PASSWORD);
    ADAPTER_PROPERTIES.put("storeDirectory", "${jboss.server.data.dir}/" + DATABASE);
    ADAPTER_PROPERTIES.put("lockTimeoutMs", Integer.toString(LOCK_TIMEOUT_MS));
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
