package org.msgstore.it.payara;

import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.msgstore.it.scenario.SpoolingAdapterProperties;
import org.msgstore.it.scenario.TestSmtp;

/**
 * The adapter with the spooler <em>running</em> ({@link SpoolingAdapterProperties}), set with
 * asadmin as the adapter config's properties. The store is an embedded database of its own, so
 * messages the classes with the spooler off left queued are not delivered here. The test SMTP
 * server starts before the adapter is configured (its port must be known) and stops after the
 * domain's config is back.
 */
public class SpoolingAdapter extends AdapterConfig {
  static final String STORE = "msgstore-spooling";

  @Override
  protected Map<String, String> properties() {
    Map<String, String> p =
        SpoolingAdapterProperties.withStoreIn(
            PayaraDomain.instanceRoot().resolve(STORE).toString());
    p.put("nodeName", "payara-it");
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
