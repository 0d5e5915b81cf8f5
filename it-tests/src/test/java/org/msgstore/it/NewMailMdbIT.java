package org.msgstore.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.api.ServerSetup;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;
import org.msgstore.it.scenario.NewMailMdbScenarios;
import org.msgstore.it.scenario.ServerUnderTest;

/**
 * {@link NewMailMdbScenarios} on WildFly: the MDBs name the adapter with
 * {@code @org.jboss.ejb3.annotation.ResourceAdapter("msgstore.rar")}, and {@link MdbSupportSetup}
 * lets MDBs deploy on standalone.xml at all.
 */
@ExtendWith(ArquillianExtension.class)
@ServerSetup({SpoolingAdapterSetup.class, MdbSupportSetup.class})
class NewMailMdbIT extends NewMailMdbScenarios {
  @Deployment(name = APP, managed = false)
  static WebArchive app() {
    return Deployments.app(WAR, NewMailMdbIT.class, beans());
  }

  @ArquillianResource private ManagementClient management;

  @Override
  protected ServerUnderTest server() {
    return new WildFly(management);
  }
}
