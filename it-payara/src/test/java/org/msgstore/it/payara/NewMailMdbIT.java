package org.msgstore.it.payara;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;
import org.msgstore.it.scenario.NewMailMdbScenarios;
import org.msgstore.it.scenario.ServerUnderTest;

/**
 * {@link NewMailMdbScenarios} on Payara: the war's glassfish-ejb-jar.xml binds each MDB to the
 * adapter ({@code mdb-resource-adapter/resource-adapter-mid} = msgstore, see {@link Deployments});
 * the WildFly annotation on the same classes is ignored here.
 */
@ExtendWith({PayaraDomain.class, SpoolingAdapter.class, ArquillianExtension.class})
class NewMailMdbIT extends NewMailMdbScenarios {
  @Deployment(name = APP, managed = false)
  static WebArchive app() {
    return Deployments.app(WAR, NewMailMdbIT.class, beans());
  }

  @Override
  protected ServerUnderTest server() {
    return Payara.INSTANCE;
  }
}
