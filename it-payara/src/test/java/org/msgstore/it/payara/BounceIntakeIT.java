package org.msgstore.it.payara;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;
import org.msgstore.it.scenario.BounceIntakeScenarios;

/**
 * {@link BounceIntakeScenarios} on Payara: {@code bounceAddress}, {@code bounceSigningKeys}, {@code
 * bounceMailbox} (imap:// to the test JVM's GreenMail), {@code bounceMailboxPassword} and {@code
 * bounceMailboxPollMs} set with asadmin on the resource-adapter config ({@link BounceAdapter}); the
 * intake reads with the Jakarta Mail Payara ships, woken by IDLE.
 */
@ExtendWith({PayaraDomain.class, BounceAdapter.class, ArquillianExtension.class})
class BounceIntakeIT extends BounceIntakeScenarios {
  @Deployment(name = APP)
  static WebArchive app() {
    return Deployments.app("bounce-intake-it", BounceIntakeIT.class, beans())
        .addClass(BounceAdapter.class);
  }
}
