package org.msgstore.it;

import java.util.Map;

/**
 * The adapter in dataSource mode with the spooler off: the store runs on the application's
 * datasource {@link AppDataSource} ({@link PostgresAppDataSourceSetup}, listed before this task),
 * and the connection definition has no transaction of its own (NoTransaction): the datasource's
 * connection is what the container enlists.
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
}
