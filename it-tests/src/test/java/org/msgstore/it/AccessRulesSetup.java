package org.msgstore.it;

import java.util.Map;
import org.jboss.as.controller.client.helpers.Operations;
import org.msgstore.it.scenario.AccessRulesScenarios;

/**
 * The adapter as {@link MsgStoreAdapterSetup} configures it (spooler off, the open default
 * definition eis/MsgStore), plus the two definitions of {@link AccessRulesScenarios}: {@value
 * #SHOP_JNDI} and {@value #BILLING_JNDI}, added in the same batch as an administrator would with
 * jboss-cli.
 */
public class AccessRulesSetup extends MsgStoreAdapterSetup {
  public static final String SHOP_JNDI = "java:/eis/MsgStoreShop";
  public static final String BILLING_JNDI = "java:/eis/MsgStoreBilling";

  @Override
  protected void addDefinitions(Operations.CompositeOperationBuilder batch) {
    addDefinition(batch, "Shop", SHOP_JNDI, AccessRulesScenarios.SHOP_PROPERTIES, Map.of());
    addDefinition(
        batch, "Billing", BILLING_JNDI, AccessRulesScenarios.BILLING_PROPERTIES, Map.of());
  }
}
