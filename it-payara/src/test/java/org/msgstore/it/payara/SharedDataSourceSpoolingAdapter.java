package org.msgstore.it.payara;

import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.msgstore.it.scenario.SpoolingAdapterProperties;
import org.msgstore.it.scenario.TestSmtp;

/**
 * {@link SharedDataSourceAdapter} with the spooler running ({@link SpoolingAdapterProperties}) on
 * the same datasource, delivering to the test SMTP server (started before the adapter, stopped
 * after the domain's config is back). The transaction manager logs at FINE for the class ({@value
 * #JTA_LOGGER}): it names the transaction it commits and whether that is a local one on a single
 * non-XA resource, which SharedDataSourceIT reads.
 */
public class SharedDataSourceSpoolingAdapter extends SharedDataSourceAdapter {
  static final String JTA_LOGGER = "javax.enterprise.resource.jta";

  @Override
  protected Map<String, String> properties() {
    Map<String, String> p = SpoolingAdapterProperties.withStoreIn("");
    p.remove("storeDirectory");
    p.put("dataSource", SharedDataSource.RESOURCE);
    p.put("nodeName", "payara-it");
    return p;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    if (PayaraDomain.inServer()) {
      return;
    }
    TestSmtp.start();
    Asadmin.run("set-log-levels", JTA_LOGGER + "=FINE");
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
      Asadmin.run("set-log-levels", JTA_LOGGER + "=INFO");
      TestSmtp.stop();
      TestSmtp.stopRefusing();
    }
  }
}
