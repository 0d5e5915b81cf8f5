package org.msgstore.it.payara;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
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
}
