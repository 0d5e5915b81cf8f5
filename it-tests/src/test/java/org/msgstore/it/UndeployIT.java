package org.msgstore.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.api.ServerSetup;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;
import org.msgstore.it.scenario.ServerUnderTest;
import org.msgstore.it.scenario.UndeployScenarios;

/**
 * {@link UndeployScenarios} on WildFly: {@code undeploy} of msgstore.rar, then {@code deploy} of
 * the same archive, whose resource-adapter entry stayed in the model ({@link WildFly}).
 */
@ExtendWith(ArquillianExtension.class)
@ServerSetup(SpoolingAdapterSetup.class)
class UndeployIT extends UndeployScenarios {
  @Deployment(name = APP, managed = false)
  static WebArchive app() {
    return Deployments.app(WAR, UndeployIT.class, beans());
  }

  @ArquillianResource private ManagementClient management;

  @Override
  protected ServerUnderTest server() {
    return new WildFly(management);
  }
}
