package org.msgstore.it.payara;

import java.util.Map;
import org.msgstore.it.scenario.QueueOperationsScenarios;

/**
 * The spooling adapter ({@link SpoolingAdapter}) with the ten-minute back-off of {@link
 * QueueOperationsScenarios}, set with asadmin; a store of its own ({@value #STORE}).
 */
public class QueueOperationsAdapter extends SpoolingAdapter {
  static final String STORE = "msgstore-queue-operations";

  @Override
  protected Map<String, String> properties() {
    Map<String, String> p = super.properties();
    p.put("storeDirectory", PayaraDomain.instanceRoot().resolve(STORE).toString());
    return QueueOperationsScenarios.adapterProperties(p);
  }
}
