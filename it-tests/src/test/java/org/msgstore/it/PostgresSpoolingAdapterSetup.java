package org.msgstore.it;

import java.util.Map;
import org.jboss.as.arquillian.container.ManagementClient;

/**
 * {@link SpoolingAdapterSetup} on a PostgreSQL store: the {@link TestPostgres} cluster starts
 * before the adapter is configured with its URL (XATransaction connection definition, as for every
 * IT) and stops after the adapter is removed.
 *
 * <p>Runs on the client, like the task it extends.
 */
public class PostgresSpoolingAdapterSetup extends SpoolingAdapterSetup {
  @Override
  protected Map<String, String> adapterProperties() {
    Map<String, String> p = super.adapterProperties();
    p.remove("storeDirectory");
    p.put("jdbcUrl", TestPostgres.jdbcUrl());
    p.put("jdbcUser", TestPostgres.USER);
    return p;
  }

  @Override
  public void setup(ManagementClient client, String containerId) throws Exception {
    TestPostgres.start();
    super.setup(client, containerId);
  }

  @Override
  public void tearDown(ManagementClient client, String containerId) throws Exception {
    try {
      super.tearDown(client, containerId);
    } finally {
      TestPostgres.stop();
    }
  }
}
