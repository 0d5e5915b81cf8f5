package org.msgstore.it;

import java.util.Map;
import org.jboss.as.arquillian.container.ManagementClient;
import org.msgstore.it.scenario.SpoolingAdapterProperties;
import org.msgstore.it.scenario.TestSmtp;

/**
 * The adapter with the spooler <em>running</em> ({@link SpoolingAdapterProperties}). The test SMTP
 * server starts before the adapter is configured (the port must be known) and stops after it is
 * removed.
 *
 * <p>The store is an embedded database of its own ({@value #STORE}), so messages left queued by the
 * classes that run with the spooler off are not delivered by this one, and the other way round.
 *
 * <p>Runs on the client; it is in the test wars only so the test classes' annotations resolve, and
 * calls {@link TestSmtp} (never in a war) only from its client-side methods.
 */
public class SpoolingAdapterSetup extends MsgStoreAdapterSetup {
  static final String STORE = "msgstore-spooling";

  @Override
  protected Map<String, String> adapterProperties() {
    return SpoolingAdapterProperties.withStoreIn("${jboss.server.data.dir}/" + STORE);
  }

  @Override
  public void setup(ManagementClient client, String containerId) throws Exception {
    startPeers();
    super.setup(client, containerId);
  }

  @Override
  public void tearDown(ManagementClient client, String containerId) throws Exception {
    try {
      super.tearDown(client, containerId);
    } finally {
      stopPeers();
    }
  }

  /** Starts the servers the adapter talks to, before it is configured with their addresses. */
  protected void startPeers() throws Exception {
    TestSmtp.start();
  }

  /** Stops what {@link #startPeers} started, after the adapter is removed. */
  protected void stopPeers() throws Exception {
    TestSmtp.stop();
    TestSmtp.stopRefusing();
  }
}
