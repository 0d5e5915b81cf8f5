package org.msgstore.it.payara;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.msgstore.it.scenario.AccessRulesScenarios;
import org.msgstore.it.scenario.ServerUnderTest;

/**
 * {@link AccessRulesScenarios} on Payara: the two definitions are connector connection pools made
 * by {@link AccessRulesPools}, the beans' resource-refs mapped in glassfish-web.xml.
 */
@ExtendWith({PayaraDomain.class, AccessRulesPools.class, ArquillianExtension.class})
class AccessRulesIT extends AccessRulesScenarios {
  @Deployment(name = APP)
  static WebArchive app() {
    return Deployments.app("access-it", AccessRulesIT.class, beans())
        .addClass(AccessRulesPools.class);
  }

  @Override
  protected ServerUnderTest server() {
    return Payara.INSTANCE;
  }

  /**
   * Payara's connection manager knows the resource it serves when it asks a pool's definition for a
   * connection factory: each definition's rules line names it, so an administrator finds it.
   */
  @Test
  @Order(6)
  @RunAsClient
  void each_definitions_rules_line_names_its_JNDI_resource() {
    List<String> log = server().serverLog();
    for (String resource :
        List.of(AccessRulesPools.SHOP_RESOURCE, AccessRulesPools.BILLING_RESOURCE)) {
      String named = "(JNDI name " + resource + ", defaultMailbox=";
      assertTrue(
          log.stream().anyMatch(l -> l.contains("MSGS1065") && l.contains(named)),
          "MSGS1065 naming " + named);
    }
  }
}
