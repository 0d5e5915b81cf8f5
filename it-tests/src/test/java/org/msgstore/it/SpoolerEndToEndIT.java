package org.msgstore.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.api.ServerSetup;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;
import org.msgstore.it.scenario.ServerUnderTest;
import org.msgstore.it.scenario.SpoolerEndToEndScenarios;

/**
 * {@link SpoolerEndToEndScenarios} on WildFly, spooling to the test SMTP server ({@link
 * SpoolingAdapterSetup}).
 */
@ExtendWith(ArquillianExtension.class)
@ServerSetup(SpoolingAdapterSetup.class)
class SpoolerEndToEndIT extends SpoolerEndToEndScenarios {
  @Deployment(name = APP)
  static WebArchive app() {
    return Deployments.app("spooler-e2e-it", SpoolerEndToEndIT.class, beans());
  }

  @ArquillianResource private ManagementClient management;

  @Override
  protected ServerUnderTest server() {
    return new WildFly(management);
  }
}
