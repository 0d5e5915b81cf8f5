package org.msgstore.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.api.ServerSetup;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.as.controller.client.helpers.Operations;
import org.jboss.dmr.ModelNode;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An administrator changes a config-property of the running adapter in the management model (what
 * the console edits), reloads, and the adapter runs with the new value (jca-notes §4 rule 21).
 */
@ExtendWith(ArquillianExtension.class)
@ServerSetup(ReconfigurationIT.PollSetup.class)
@RunAsClient
class ReconfigurationIT {
  /** The adapter with a known poll interval to change. */
  public static class PollSetup extends MsgStoreAdapterSetup {
    @Override
    protected Map<String, String> adapterProperties() {
      return Map.of("spoolerEnabled", "false", "spoolerPollIntervalMs", "60000");
    }
  }

  /** Client side only; a deployment so Arquillian provides the ManagementClient. */
  @Deployment(testable = false)
  static WebArchive placeholder() {
    return ShrinkWrap.create(WebArchive.class, "reconfiguration-it.war")
        .addAsWebResource(new StringAsset("placeholder"), "index.txt");
  }

  @ArquillianResource private ManagementClient management;

  @Test
  void a_changed_spooler_poll_interval_takes_effect_after_a_reload() throws Exception {
    assertTrue(
        Management.lastAdapterStart(Management.serverLog(management))
            .contains("pollIntervalMs=60000"));
    ModelNode property =
        Management.address(
            Management.RESOURCE_ADAPTER, "config-properties", "spoolerPollIntervalMs");
    Management.execute(
        management, Operations.createWriteAttributeOperation(property, "value", "45000"));
    Management.execute(
        management, Operations.createOperation("reload", new ModelNode().setEmptyList()));
    awaitRunning();
    String started = Management.lastAdapterStart(Management.serverLog(management));
    assertTrue(started.contains("pollIntervalMs=45000"), started);
  }

  /** Waits, bounded, until the reloaded server answers as running again. */
  private void awaitRunning() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      try {
        ModelNode response =
            management
                .getControllerClient()
                .execute(
                    Operations.createReadAttributeOperation(
                        new ModelNode().setEmptyList(), "server-state"));
        if (Operations.isSuccessfulOutcome(response)
            && "running".equals(Operations.readResult(response).asString())
            && deploymentsUp()) {
          return;
        }
      } catch (IOException | RuntimeException restarting) {
        // The controller is restarting; ask again.
      }
      TimeUnit.MILLISECONDS.sleep(250);
    }
    throw new AssertionError("the server did not come back within 90 s of :reload");
  }

  private boolean deploymentsUp() {
    ModelNode status =
        Management.execute(
            management,
            Operations.createReadAttributeOperation(
                Operations.createAddress("deployment", MsgStoreAdapterSetup.RAR), "status"));
    return "OK".equals(status.asString());
  }
}
