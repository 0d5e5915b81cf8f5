package org.msgstore.it;

import java.util.Map;
import org.msgstore.it.scenario.SpoolingAdapterProperties;

/**
 * The spooling adapter of {@link SpoolingAdapterSetup} with a back-off of ten minutes, so a
 * deferred message that is delivered within the test was brought forward by retry now; and a store
 * of its own ({@value #STORE}).
 */
public class QueueOperationsAdapterSetup extends SpoolingAdapterSetup {
  static final String STORE = "msgstore-queue-operations";

  @Override
  protected Map<String, String> adapterProperties() {
    Map<String, String> p =
        SpoolingAdapterProperties.withStoreIn("${jboss.server.data.dir}/" + STORE);
    p.put("retryMinMs", "600000");
    p.put("retryMaxMs", "600000");
    return p;
  }
}
