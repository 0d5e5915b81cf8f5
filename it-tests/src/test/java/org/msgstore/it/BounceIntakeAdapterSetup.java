package org.msgstore.it;

import java.util.Map;
import org.msgstore.it.scenario.SpoolingAdapterProperties;

/**
 * The spooling adapter ({@link SpoolingAdapterSetup}) with a bounce intake reading the test JVM's
 * IMAP mailbox ({@link TestBounceMailbox}), its settings written through the management model as an
 * administrator would. The poll interval is an hour: a report read sooner was seen through IMAP
 * IDLE. A store of its own ({@value #STORE}).
 */
public class BounceIntakeAdapterSetup extends SpoolingAdapterSetup {
  static final String STORE = "msgstore-bounces";
  static final String SIGNING_KEY = "it-bounce-signing-key-1";

  @Override
  protected Map<String, String> adapterProperties() {
    Map<String, String> p =
        SpoolingAdapterProperties.withStoreIn("${jboss.server.data.dir}/" + STORE);
    p.put("bounceAddress", "bounces@example.com");
    p.put("bounceSigningKeys", SIGNING_KEY);
    p.put(
        "bounceMailbox",
        "imap://" + TestBounceMailbox.USER + "@127.0.0.1:" + TestBounceMailbox.port() + "/INBOX");
    p.put("bounceMailboxPassword", TestBounceMailbox.PASSWORD);
    p.put("bounceMailboxPollMs", "3600000");
    return p;
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
