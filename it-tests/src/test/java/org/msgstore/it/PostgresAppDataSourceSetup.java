package org.msgstore.it;

import org.jboss.as.arquillian.api.ServerSetupTask;
import org.jboss.as.arquillian.container.ManagementClient;

/**
 * The application's PostgreSQL datasource {@link AppDataSource} as a setup task: listed before the
 * adapter's setup, so the datasource exists when the adapter starts in dataSource mode, and torn
 * down after it (Arquillian tears the tasks down in reverse order).
 *
 * <p>Runs on the client.
 */
public class PostgresAppDataSourceSetup implements ServerSetupTask {
  @Override
  public void setup(ManagementClient client, String containerId) throws Exception {
    AppDataSource.add(client);
  }

  @Override
  public void tearDown(ManagementClient client, String containerId) {
    AppDataSource.remove(client);
  }
}
