package org.msgstore.it.payara;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.msgstore.it.app.SpoolerEjb;
import org.msgstore.it.scenario.TestSmtp;

/**
 * The adapter with the spooler <em>running</em>, delivering through the local transport and over
 * SMTP to the {@link TestSmtp} server of the test JVM: the SMTP settings are the adapter config's
 * properties, set with asadmin. Short polls and back-off retry deferred messages within a fraction
 * of a second. The store is an embedded database of its own, so messages the classes with the
 * spooler off left queued are not delivered here. The test SMTP server starts before the adapter is
 * configured (its port must be known) and stops after the domain's config is back.
 */
public class SpoolingAdapter extends AdapterConfig {
  static final String STORE = "msgstore-spooling";

  @Override
  protected Map<String, String> properties() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("storeDirectory", PayaraDomain.instanceRoot().resolve(STORE).toString());
    p.put("spoolerEnabled", "true");
    p.put("spoolerPollIntervalMs", "500");
    p.put("retryMinMs", "200");
    p.put("retryMaxMs", "200");
    p.put("transportOrder", "local,smtp");
    p.put("nodeName", "payara-it");
    p.put("smtpHost", "127.0.0.1");
    p.put("smtpPort", Integer.toString(TestSmtp.port()));
    // A stopped test server refuses at once; short timeouts keep a hung peer from pinning a thread.
    p.put("smtpConnectTimeoutMs", "2000");
    p.put("smtpReadTimeoutMs", "5000");
    p.put("smtpWriteTimeoutMs", "5000");
    p.put("smtpDefaultFrom", SpoolerEjb.SENDER_ADDRESS);
    return p;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    if (PayaraDomain.inServer()) {
      return;
    }
    TestSmtp.start();
    super.beforeAll(context);
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (PayaraDomain.inServer()) {
      return;
    }
    try {
      super.afterAll(context);
    } finally {
      TestSmtp.stop();
      TestSmtp.stopRefusing();
    }
  }
}
