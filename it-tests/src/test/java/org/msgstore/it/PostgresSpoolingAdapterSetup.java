package org.msgstore.it;

import java.util.Map;

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
  protected void startPeers() throws Exception {
    TestPostgres.start();
    super.startPeers();
  }

  @Override
  protected void stopPeers() throws Exception {
    try {
      super.stopPeers();
    } finally {
      TestPostgres.stop();
    }
  }
}
