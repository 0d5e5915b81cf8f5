package org.msgstore.it.payara;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The adapter config with <em>every</em> resource-adapter config-property of ra.xml set, as an
 * administrator pointing the adapter at an external database would: an explicit H2 file URL with
 * its own user and password, SMTP settings, and so on. The spooler stays off and the SMTP port
 * points nowhere, so nothing is sent.
 */
public class FullyConfiguredAdapter extends AdapterConfig {
  static final String JDBC_PASSWORD = "payara-s3cret";
  static final String SMTP_PASSWORD = "payara-smtp-s3cret";

  static final Map<String, String> PROPERTIES = new LinkedHashMap<>();

  static {
    String dir = PayaraDomain.instanceRoot().resolve("msgstore-configured").toString();
    PROPERTIES.put("jdbcUrl", "jdbc:h2:file:" + dir + "/store");
    PROPERTIES.put("jdbcUser", "msgstore");
    PROPERTIES.put("jdbcPassword", JDBC_PASSWORD);
    PROPERTIES.put("storeDirectory", dir);
    PROPERTIES.put("lockTimeoutMs", "5000");
    PROPERTIES.put("spoolerEnabled", "false");
    PROPERTIES.put("spoolerThreads", "2");
    PROPERTIES.put("spoolerPollIntervalMs", "60000");
    PROPERTIES.put("spoolerLeaseMs", "120000");
    PROPERTIES.put("spoolerBatchSize", "10");
    PROPERTIES.put("retryMinMs", "60000");
    PROPERTIES.put("retryMaxMs", "3600000");
    PROPERTIES.put("maxQueueLifetimeMs", "86400000");
    PROPERTIES.put("transportOrder", "local,smtp");
    PROPERTIES.put("nodeName", "payara-configured");
    PROPERTIES.put("smtpHost", "127.0.0.1");
    PROPERTIES.put("smtpPort", "3025");
    PROPERTIES.put("smtpStartTls", "false");
    PROPERTIES.put("smtpUser", "payara-smtp");
    PROPERTIES.put("smtpPassword", SMTP_PASSWORD);
    PROPERTIES.put("smtpConnectTimeoutMs", "5000");
    PROPERTIES.put("smtpReadTimeoutMs", "10000");
    PROPERTIES.put("smtpWriteTimeoutMs", "10000");
    PROPERTIES.put("smtpSessions", "2");
    PROPERTIES.put("smtpHeloName", "payara.example.com");
    PROPERTIES.put("smtpDefaultFrom", "payara@example.com");
    PROPERTIES.put("localDomains", "example.org");
  }

  @Override
  protected Map<String, String> properties() {
    return PROPERTIES;
  }
}
