package org.msgstore.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.api.ServerSetup;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;
import org.msgstore.it.scenario.AccessRulesScenarios;
import org.msgstore.it.scenario.ServerUnderTest;

/** {@link AccessRulesScenarios} on WildFly, the definitions added by {@link AccessRulesSetup}. */
@ExtendWith(ArquillianExtension.class)
@ServerSetup(AccessRulesSetup.class)
class AccessRulesIT extends AccessRulesScenarios {
  @Deployment(name = APP)
  static WebArchive app() {
    return Deployments.app("access-it", AccessRulesIT.class, beans())
        .addClass(AccessRulesSetup.class);
  }

  @ArquillianResource private ManagementClient management;

  @Override
  protected ServerUnderTest server() {
    return new WildFly(management);
  }
}
