package org.msgstore.it.payara;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;
import org.msgstore.it.scenario.CdiNewMailEventsScenarios;
import org.msgstore.it.scenario.ServerUnderTest;

/**
 * {@link CdiNewMailEventsScenarios} on Payara: the war's glassfish-ejb-jar.xml binds the bridge MDB
 * of the events jar to the adapter ({@link Deployments#cdiEventsApp}).
 */
@ExtendWith({PayaraDomain.class, SpoolingAdapter.class, ArquillianExtension.class})
class CdiNewMailEventsIT extends CdiNewMailEventsScenarios {
  @Deployment(name = APP, managed = false)
  static WebArchive app() {
    return Deployments.cdiEventsApp(WAR, CdiNewMailEventsIT.class, beans());
  }

  @Override
  protected ServerUnderTest server() {
    return Payara.INSTANCE;
  }
}
