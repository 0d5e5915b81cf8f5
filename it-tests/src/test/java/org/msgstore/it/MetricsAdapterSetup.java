package org.msgstore.it;

import java.util.Map;
import org.msgstore.it.scenario.SpoolingAdapterProperties;

/** The spooling adapter of {@link SpoolingAdapterSetup} on a store of its own ({@value #STORE}). */
public class MetricsAdapterSetup extends SpoolingAdapterSetup {
  static final String STORE = "msgstore-metrics";

  @Override
  protected Map<String, String> adapterProperties() {
    return SpoolingAdapterProperties.withStoreIn("${jboss.server.data.dir}/" + STORE);
  }
}
