package org.msgstore.it.payara;

import java.util.Map;
import org.msgstore.it.scenario.SpoolingAdapterProperties;

/** The spooling adapter of {@link SpoolingAdapter} on a store of its own ({@value #STORE}). */
public class MetricsAdapter extends SpoolingAdapter {
  static final String STORE = "msgstore-metrics";

  @Override
  protected Map<String, String> properties() {
    Map<String, String> p =
        SpoolingAdapterProperties.withStoreIn(
            PayaraDomain.instanceRoot().resolve(STORE).toString());
    p.put("nodeName", "payara-it");
    return p;
  }
}
