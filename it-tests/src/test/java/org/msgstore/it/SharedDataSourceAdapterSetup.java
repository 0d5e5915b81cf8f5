package org.msgstore.it;

import java.util.Map;
import org.jboss.as.arquillian.container.ManagementClient;

/**
 * The adapter in dataSource mode with the spooler off: the store runs on the application's
 * datasource {@link AppDataSource} (added first, removed last), and the connection definition has
 * no transaction of its own (NoTransaction): the datasource's connection is what the container
 * enlists.
 *
 * <p>Runs on the client, like the task it extends.
 */
public class SharedDataSourceAdapterSetup extends MsgStoreAdapterSetup {
  @Override
  protected Map<String, String> adapterProperties() {
    return Map.of("spoolerEnabled", "false", "dataSource", AppDataSource.JNDI_NAME);
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
