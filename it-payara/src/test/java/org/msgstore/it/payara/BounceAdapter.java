package org.msgstore.it.payara;

import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.msgstore.it.scenario.BounceIntakeScenarios;
import org.msgstore.it.scenario.TestBounceMailbox;

/**
 * The spooling adapter ({@link SpoolingAdapter}) with the bounce settings of {@link
 * BounceIntakeScenarios} set with asadmin as the adapter config's properties: the signed envelope
 * sender, and the intake reading the test JVM's IMAP mailbox ({@link TestBounceMailbox}, started
 * first: its port is in {@code bounceMailbox}). A store of its own ({@value #STORE}).
 */
public class BounceAdapter extends SpoolingAdapter {
  static final String STORE = "msgstore-bounces";

  @Override
  protected Map<String, String> properties() {
    Map<String, String> p = super.properties();
    p.put("storeDirectory", PayaraDomain.instanceRoot().resolve(STORE).toString());
    return BounceIntakeScenarios.adapterProperties(p);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    if (PayaraDomain.inServer()) {
      return;
    }
    TestBounceMailbox.start();
    super.beforeAll(context);
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (PayaraDomain.inServer()) {
      return;
    }
    try {
      super.afterAll(context);
    } finally {
      TestBounceMailbox.stop();
    }
  }
}
