package org.msgstore.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.as.arquillian.api.ServerSetup;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;
import org.msgstore.it.scenario.BounceIntakeScenarios;

/**
 * {@link BounceIntakeScenarios} on WildFly: the bounce settings written through the management
 * model ({@link BounceIntakeAdapterSetup}).
 */
@ExtendWith(ArquillianExtension.class)
@ServerSetup(BounceIntakeAdapterSetup.class)
class BounceIntakeIT extends BounceIntakeScenarios {
  @Deployment(name = APP)
  static WebArchive app() {
    return Deployments.app("bounce-intake-it", BounceIntakeIT.class, beans())
        .addClass(BounceIntakeAdapterSetup.class);
  }
}
