package org.msgstore.it;

import java.util.Map;
import org.msgstore.it.scenario.BounceIntakeScenarios;
import org.msgstore.it.scenario.SpoolingAdapterProperties;
import org.msgstore.it.scenario.TestBounceMailbox;

/**
 * The spooling adapter ({@link SpoolingAdapterSetup}) with the bounce settings of {@link
 * BounceIntakeScenarios}, written through the management model as an administrator would, the
 * intake reading the test JVM's IMAP mailbox ({@link TestBounceMailbox}). A store of its own
 * ({@value #STORE}).
 */
public class BounceIntakeAdapterSetup extends SpoolingAdapterSetup {
  static final String STORE = "msgstore-bounces";

  @Override
  protected Map<String, String> adapterProperties() {
    return BounceIntakeScenarios.adapterProperties(
        SpoolingAdapterProperties.withStoreIn("${jboss.server.data.dir}/" + STORE));
  }

  @Override
  protected void startPeers() throws Exception {
    super.startPeers();
    TestBounceMailbox.start();
  }

  @Override
  protected void stopPeers() throws Exception {
    try {
      super.stopPeers();
    } finally {
      TestBounceMailbox.stop();
    }
  }
}
