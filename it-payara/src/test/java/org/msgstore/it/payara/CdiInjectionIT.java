package org.msgstore.it.payara;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;
import org.msgstore.it.scenario.CdiInjectionScenarios;
import org.msgstore.it.scenario.ServerUnderTest;

/**
 * {@link CdiInjectionScenarios} on Payara, whose pool reclaims and logs a handle kept out longer
 * than its leak timeout ({@link PayaraDomain}).
 */
@ExtendWith({PayaraDomain.class, ArquillianExtension.class})
class CdiInjectionIT extends CdiInjectionScenarios {
  @Deployment(name = APP)
  static WebArchive app() {
    return Deployments.cdiApp("cdi-it", CdiInjectionIT.class, beans());
  }

  @Override
  protected ServerUnderTest server() {
    return Payara.INSTANCE;
  }
}
