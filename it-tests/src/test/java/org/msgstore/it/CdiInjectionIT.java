package org.msgstore.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.api.ServerSetup;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;
import org.msgstore.it.scenario.CdiInjectionScenarios;
import org.msgstore.it.scenario.ServerUnderTest;

/**
 * {@link CdiInjectionScenarios} on WildFly, with the cached connection manager's checks on ({@link
 * MsgStoreAdapterSetup}: a handle still open when a bean call or request ends is IJ000100).
 */
@ExtendWith(ArquillianExtension.class)
@ServerSetup(MsgStoreAdapterSetup.class)
class CdiInjectionIT extends CdiInjectionScenarios {
  @Deployment(name = APP)
  static WebArchive app() {
    return Deployments.cdiApp("cdi-it", CdiInjectionIT.class, beans());
  }

  @ArquillianResource private ManagementClient management;

  @Override
  protected ServerUnderTest server() {
    return new WildFly(management);
  }
}
