package org.msgstore.it;

import java.util.Map;
import org.msgstore.it.scenario.QueueOperationsScenarios;
import org.msgstore.it.scenario.SpoolingAdapterProperties;

/**
 * The spooling adapter of {@link SpoolingAdapterSetup} with the ten-minute back-off of {@link
 * QueueOperationsScenarios}, so a deferred message that is delivered within the test was brought
 * forward by retry now; and a store of its own ({@value #STORE}).
 */
public class QueueOperationsAdapterSetup extends SpoolingAdapterSetup {
  static final String STORE = "msgstore-queue-operations";

  @Override
  protected Map<String, String> adapterProperties() {
    return QueueOperationsScenarios.adapterProperties(
        SpoolingAdapterProperties.withStoreIn("${jboss.server.data.dir}/" + STORE));
  }
}
