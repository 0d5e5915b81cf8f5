package org.msgstore.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.api.ServerSetup;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;
import org.msgstore.it.scenario.CdiNewMailEventsScenarios;
import org.msgstore.it.scenario.ServerUnderTest;

/**
 * {@link CdiNewMailEventsScenarios} on WildFly: the bridge names the adapter with its annotation,
 * and {@link MdbSupportSetup} lets MDBs deploy on standalone.xml at all.
 */
@ExtendWith(ArquillianExtension.class)
@ServerSetup({SpoolingAdapterSetup.class, MdbSupportSetup.class})
class CdiNewMailEventsIT extends CdiNewMailEventsScenarios {
  @Deployment(name = APP, managed = false)
  static WebArchive app() {
    return Deployments.cdiEventsApp(WAR, CdiNewMailEventsIT.class, beans());
  }

  @ArquillianResource private ManagementClient management;

  @Override
  protected ServerUnderTest server() {
    return new WildFly(management);
  }
}
