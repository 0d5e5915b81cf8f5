package org.msgstore.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.api.ServerSetup;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;
import org.msgstore.it.scenario.PostgresInstalled;
import org.msgstore.it.scenario.ServerUnderTest;
import org.msgstore.it.scenario.UndeployScenarios;

/**
 * {@link UndeployScenarios} in dataSource mode on WildFly: the messages queued while the SMTP
 * server refuses stay in the application's database while the application and the rar are
 * undeployed, and the adapter deployed again on the same datasource delivers each once.
 */
@ExtendWith(PostgresInstalled.class)
@ExtendWith(ArquillianExtension.class)
@ServerSetup({PostgresAppDataSourceSetup.class, SharedDataSourceSpoolingSetup.class})
class SharedDataSourceUndeployIT extends UndeployScenarios {
  @Deployment(name = APP, managed = false)
  static WebArchive app() {
    return Deployments.app(WAR, SharedDataSourceUndeployIT.class, beans());
  }

  @ArquillianResource private ManagementClient management;

  @Override
  protected ServerUnderTest server() {
    return new WildFly(management);
  }
}
