package org.msgstore.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.as.controller.client.helpers.Operations;
import org.jboss.dmr.ModelNode;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An administrator's mistakes are reported when the adapter is activated, all of them at once, so
 * they are fixed in one round (jca-notes §4 rule 21). Client side only: the test drives the
 * management model itself and deploys no application.
 *
 * <p>Runs last ({@code @Order}, junit-platform.properties): a connection definition whose adapter
 * failed to start stays registered with the transaction manager's recovery even after the archive
 * and its configuration are removed, and every later recovery scan logs IJ000906 (MSGS1010) for it;
 * a {@code :reload} does not clear it, only a restart does (seen on WildFly 39.0.1 / IronJacamar
 * 3.0.18). Run earlier, it would fail {@link XaRecoveryIT}.
 */
@ExtendWith(ArquillianExtension.class)
@Order(Integer.MAX_VALUE)
@RunAsClient
class InvalidConfigurationIT {
  /**
   * Nothing to test inside: a deployment only because Arquillian provides the ManagementClient to a
   * class that has one.
   */
  @Deployment(testable = false)
  static WebArchive placeholder() {
    return ShrinkWrap.create(WebArchive.class, "invalid-configuration-it.war")
        .addAsWebResource(new StringAsset("placeholder"), "index.txt");
  }

  @ArquillianResource private ManagementClient management;

  /** Two mistakes: a lock timeout out of range and a relative store directory. */
  public static class InvalidSetup extends MsgStoreAdapterSetup {
    @Override
    protected Map<String, String> adapterProperties() {
      return Map.of("lockTimeoutMs", "0", "storeDirectory", "relative/msgstore");
    }
  }

  @Test
  void activating_with_two_invalid_settings_fails_and_the_log_names_both() throws Exception {
    InvalidSetup setup = new InvalidSetup();
    int before = Management.serverLog(management).size();
    try {
      setup.deployAndConfigure(management);
      // Whether activate() itself fails or only the adapter's start does, the start must not
      // succeed and the reason must be in the log.
      try {
        MsgStoreAdapterSetup.activate(management);
      } catch (IllegalStateException activationFailed) {
        // reported below through the log
      }
      assertThrows(
          IllegalStateException.class,
          () ->
              Management.execute(
                  management,
                  Operations.createOperation(
                      "test-connection-in-pool", Management.CONNECTION_DEFINITION)),
          "the pool must not hand out connections of an adapter that did not start");
      List<String> problems =
          Management.serverLog(management).stream()
              .skip(before)
              .filter(line -> line.contains("MSGS1003"))
              .toList();
      assertTrue(
          problems.stream()
              .anyMatch(
                  line ->
                      line.contains("2 problems")
                          && line.contains("lockTimeoutMs=0")
                          && line.contains("relative/msgstore")),
          "MSGS1003 lines: " + problems);
    } finally {
      setup.tearDown(management, null);
    }
    // Nothing left that needs a reload.
    assertEquals(
        "running",
        Management.execute(
                management,
                Operations.createReadAttributeOperation(
                    new ModelNode().setEmptyList(), "server-state"))
            .asString());
  }
}
