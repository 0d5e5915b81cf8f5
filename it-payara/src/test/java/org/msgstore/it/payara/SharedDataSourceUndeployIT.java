package org.msgstore.it.payara;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;
import org.msgstore.it.scenario.PostgresInstalled;
import org.msgstore.it.scenario.ServerUnderTest;
import org.msgstore.it.scenario.UndeployScenarios;

/**
 * {@link UndeployScenarios} in dataSource mode on Payara: the queued messages stay in the
 * application's database while the application and the rar are undeployed ({@code undeploy
 * --cascade=true}), and the recipe run again (with the NoTransaction pool and the dataSource config
 * in force) delivers each once.
 */
@ExtendWith({
  PayaraDomain.class,
  PostgresInstalled.class,
  SharedDataSourceSpoolingAdapter.class,
  ArquillianExtension.class
})
class SharedDataSourceUndeployIT extends UndeployScenarios {
  @Deployment(name = APP, managed = false)
  static WebArchive app() {
    return Deployments.app(WAR, SharedDataSourceUndeployIT.class, beans());
  }

  @Override
  protected ServerUnderTest server() {
    return Payara.INSTANCE;
  }
}
