package org.msgstore.it;

import java.util.LinkedHashMap;
import java.util.Map;
import org.msgstore.it.scenario.EveryAdapterProperty;

/**
 * The adapter with <em>every</em> config-property set ({@link EveryAdapterProperty}). {@link
 * ConfigurationIT} checks this covers every config-property of ra.xml and that each value reaches
 * the adapter. Expressions resolve in the server, so each class gets a database of its own under
 * the (per-run) data directory.
 */
public class FullyConfiguredAdapterSetup extends MsgStoreAdapterSetup {
  static final String DEFAULT_MAILBOX = "it-default";
  static final int LOCK_TIMEOUT_MS = EveryAdapterProperty.LOCK_TIMEOUT_MS;
  static final String JDBC_USER = EveryAdapterProperty.JDBC_USER;

  /** Must never appear in the server log (the adapter masks it). */
  static final String JDBC_PASSWORD = "it-s3cret";

  static final String DATABASE = "msgstore-configured";

  static final Map<String, String> ADAPTER_PROPERTIES =
      EveryAdapterProperty.values(
          "${jboss.server.data.dir}/" + DATABASE, "it", JDBC_PASSWORD, "it-node");
  static final Map<String, String> CONNECTION_PROPERTIES = new LinkedHashMap<>();

  static {
    CONNECTION_PROPERTIES.put("defaultMailbox", DEFAULT_MAILBOX);
    // The access rules as an upgraded installation has them: open, but set explicitly.
    CONNECTION_PROPERTIES.put("allowedMailboxes", "*");
    CONNECTION_PROPERTIES.put("createMailboxes", "true");
    CONNECTION_PROPERTIES.put("allowedSenders", "*@*");
    CONNECTION_PROPERTIES.put("mailboxFromCaller", "false");
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
