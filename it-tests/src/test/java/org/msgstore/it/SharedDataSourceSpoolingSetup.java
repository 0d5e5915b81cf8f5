package org.msgstore.it;

import java.util.Map;

/**
 * {@link SpoolingAdapterSetup} in dataSource mode: the store and the spooler run on the
 * application's datasource {@link AppDataSource} ({@link PostgresAppDataSourceSetup}, listed before
 * this task), the connection definition with NoTransaction.
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
}
