package org.msgstore.it;

import java.util.Map;
import org.jboss.as.arquillian.container.ManagementClient;

/**
 * {@link SpoolingAdapterSetup} in dataSource mode: the store and the spooler run on the
 * application's datasource {@link AppDataSource} (added before the adapter, removed after it), the
 * connection definition with NoTransaction.
 *
 * <p>Runs on the client, like the task it extends.
 */
public class SharedDataSourceSpoolingSetup extends SpoolingAdapterSetup {
  @Override
  protected Map<String, String> adapterProperties() {
    Map<String, String> p = super.adapterProperties();
    p.remove("storeDirectory");
    p.put("dataSource", AppDataSource.JNDI_NAME);
    return p;
  }

  @Override
  protected String transactionSupport() {
    return "NoTransaction";
  }

  @Override
  public void setup(ManagementClient client, String containerId) throws Exception {
    AppDataSource.add(client);
    super.setup(client, containerId);
  }

  @Override
  public void tearDown(ManagementClient client, String containerId) throws Exception {
    try {
      super.tearDown(client, containerId);
    } finally {
      AppDataSource.remove(client);
    }
  }
}
