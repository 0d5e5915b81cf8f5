package org.msgstore.it.payara;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;
import org.msgstore.it.scenario.ServerUnderTest;
import org.msgstore.it.scenario.UndeployScenarios;

/**
 * {@link UndeployScenarios} on Payara: {@code asadmin undeploy --cascade=true msgstore} (the pool,
 * the resource and the adapter config go too), then the README's recipe again ({@link Payara}).
 */
@ExtendWith({PayaraDomain.class, SpoolingAdapter.class, ArquillianExtension.class})
class UndeployIT extends UndeployScenarios {
  @Deployment(name = APP, managed = false)
  static WebArchive app() {
    return Deployments.app(WAR, UndeployIT.class, beans());
  }

  @Override
  protected ServerUnderTest server() {
    return Payara.INSTANCE;
  }
}
