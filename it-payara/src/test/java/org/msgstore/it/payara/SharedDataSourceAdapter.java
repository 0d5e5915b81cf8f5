package org.msgstore.it.payara;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The adapter in dataSource mode with the spooler off: the store on {@link SharedDataSource}
 * (created before, removed after the class), the connector pool with NoTransaction (the
 * datasource's connection is what the container enlists); after the class the domain's
 * configuration (embedded store, XATransaction) is back.
 */
public class SharedDataSourceAdapter extends AdapterConfig {
  @Override
  protected Map<String, String> properties() {
    Map<String, String> p = new LinkedHashMap<>(PayaraDomain.defaultAdapterProperties());
    p.put("dataSource", SharedDataSource.RESOURCE);
    return p;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    if (PayaraDomain.inServer()) {
      return;
    }
    SharedDataSource.add();
    PayaraDomain.useTransactionSupport("NoTransaction");
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
      PayaraDomain.useTransactionSupport("XATransaction");
      SharedDataSource.remove();
    }
  }
}
