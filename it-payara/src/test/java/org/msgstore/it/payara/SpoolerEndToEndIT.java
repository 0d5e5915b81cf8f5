package org.msgstore.it.payara;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;
import org.msgstore.it.scenario.ServerUnderTest;
import org.msgstore.it.scenario.SpoolerEndToEndScenarios;

/**
 * {@link SpoolerEndToEndScenarios} on Payara: the adapter config's SMTP settings (asadmin) point at
 * the test JVM's SMTP server ({@link SpoolingAdapter}).
 */
@ExtendWith({PayaraDomain.class, SpoolingAdapter.class, ArquillianExtension.class})
class SpoolerEndToEndIT extends SpoolerEndToEndScenarios {
  @Deployment(name = APP)
  static WebArchive app() {
    return Deployments.app("spooler-e2e-it", SpoolerEndToEndIT.class, beans());
  }

  @Override
  protected ServerUnderTest server() {
    return Payara.INSTANCE;
  }
}
