package org.msgstore.it.payara;

import java.util.Map;
import org.msgstore.it.scenario.EveryAdapterProperty;

/**
 * The adapter config with <em>every</em> resource-adapter config-property of ra.xml set ({@link
 * EveryAdapterProperty}), in a database under the domain's instance root.
 */
public class FullyConfiguredAdapter extends AdapterConfig {
  static final String JDBC_PASSWORD = "payara-s3cret";

  static final Map<String, String> PROPERTIES =
      EveryAdapterProperty.values(
          PayaraDomain.instanceRoot().resolve("msgstore-configured").toString(),
          "payara",
          JDBC_PASSWORD,
          "payara-configured");

  static final String SMTP_PASSWORD = PROPERTIES.get("smtpPassword");

  @Override
  protected Map<String, String> properties() {
    return PROPERTIES;
  }
}
