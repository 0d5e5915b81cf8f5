package org.msgstore.it.payara;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.msgstore.it.scenario.AccessRulesScenarios;

/**
 * The two connection definitions of {@link AccessRulesScenarios} as an administrator creates them
 * with asadmin: a connector connection pool each, with the access rules as pool properties, and a
 * connector resource on it ({@value #SHOP_RESOURCE}, {@value #BILLING_RESOURCE}); removed after the
 * class. Register after {@link PayaraDomain} and before the ArquillianExtension: the war's
 * resource-refs name these resources.
 */
public class AccessRulesPools implements BeforeAllCallback, AfterAllCallback {
  static final String SHOP_RESOURCE = "eis/MsgStoreShop";
  static final String BILLING_RESOURCE = "eis/MsgStoreBilling";

  @Override
  public void beforeAll(ExtensionContext context) {
    if (PayaraDomain.inServer()) {
      return;
    }
    create("MsgStoreShopPool", SHOP_RESOURCE, AccessRulesScenarios.SHOP_PROPERTIES);
    create("MsgStoreBillingPool", BILLING_RESOURCE, AccessRulesScenarios.BILLING_PROPERTIES);
  }

  static void create(String pool, String resource, String[][] properties) {
    List<String> pairs = new ArrayList<>();
    for (String[] p : properties) {
      pairs.add(p[0] + "=" + p[1]);
    }
    Asadmin.run(
        "create-connector-connection-pool",
        "--raname",
        PayaraDomain.RA_NAME,
        "--connectiondefinition",
        "org.msgstore.MessageStoreConnectionFactory",
        "--transactionsupport",
        "XATransaction",
        "--steadypoolsize",
        "0",
        "--maxpoolsize",
        "5",
        "--property",
        String.join(":", pairs),
        pool);
    Asadmin.run("create-connector-resource", "--poolname", pool, resource);
    Asadmin.run("ping-connection-pool", pool);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (PayaraDomain.inServer()) {
      return;
    }
    remove("MsgStoreShopPool", SHOP_RESOURCE);
    remove("MsgStoreBillingPool", BILLING_RESOURCE);
  }

  static void remove(String pool, String resource) {
    Asadmin.tryRun("delete-connector-resource", resource);
    Asadmin.tryRun("delete-connector-connection-pool", pool);
  }
}
