package org.msgstore.it;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.as.arquillian.container.ManagementClient;
import org.msgstore.it.scenario.TestSmtp;

/**
 * The adapter with the spooler <em>running</em>, delivering through the local transport and over
 * SMTP to the {@link TestSmtp} server of the test JVM, with short polls and back-off so deferred
 * messages are retried within a fraction of a second. The test SMTP server starts before the
 * adapter is configured (the port must be known) and stops after it is removed.
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
    Map<String, String> p = new LinkedHashMap<>();
    p.put("storeDirectory", "${jboss.server.data.dir}/" + STORE);
    p.put("spoolerEnabled", "true");
    p.put("spoolerPollIntervalMs", "500");
    p.put("retryMinMs", "200");
    p.put("retryMaxMs", "200");
    p.put("transportOrder", "local,smtp");
    p.put("smtpHost", "127.0.0.1");
    p.put("smtpPort", Integer.toString(TestSmtp.port()));
    // A stopped test server refuses at once; short timeouts keep a hung peer from pinning a thread.
    p.put("smtpConnectTimeoutMs", "2000");
    p.put("smtpReadTimeoutMs", "5000");
    p.put("smtpWriteTimeoutMs", "5000");
    p.put("smtpDefaultFrom", org.msgstore.it.app.SpoolerEjb.SENDER_ADDRESS);
    return p;
  }

  @Override
  public void setup(ManagementClient client, String containerId) throws Exception {
    TestSmtp.start();
    super.setup(client, containerId);
  }

  @Override
  public void tearDown(ManagementClient client, String containerId) throws Exception {
    try {
      super.tearDown(client, containerId);
    } finally {
      TestSmtp.stop();
      TestSmtp.stopRefusing();
    }
  }
}
