package org.msgstore.it.payara;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;
import org.msgstore.it.scenario.ServerUnderTest;
import org.msgstore.it.scenario.SubmitInTransactionScenarios;

/**
 * {@link SubmitInTransactionScenarios} on Payara, with the adapter configured by the README's
 * asadmin recipe (spooler off) and the beans' resource-refs mapped in glassfish-web.xml.
 */
@ExtendWith({PayaraDomain.class, ArquillianExtension.class})
class SubmitInTransactionIT extends SubmitInTransactionScenarios {
  @Deployment(name = APP)
  static WebArchive app() {
    return Deployments.app("submit-it", SubmitInTransactionIT.class, beans());
  }

  @Override
  protected ServerUnderTest server() {
    return Payara.INSTANCE;
  }
}
