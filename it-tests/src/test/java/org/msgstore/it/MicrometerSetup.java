package org.msgstore.it;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.jboss.as.arquillian.api.ServerSetupTask;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.as.controller.client.helpers.Operations;
import org.jboss.dmr.ModelNode;

/**
 * WildFly's micrometer subsystem with its Prometheus registry, served on the management interface
 * at {@value #CONTEXT} without authentication, as an administrator adds it (README "Metrics"):
 *
 * <p>the extension, the subsystem (neither is in the default standalone.xml) and the registry, then
 * a reload. WildFly 39 offers the Prometheus registry at stability level {@code community} only,
 * and a server cannot be reloaded into that level from the default one (that operation is itself at
 * community level): arquillian.xml starts the test server with {@code --stability=community}, which
 * adds features and changes none of the default configuration.
 *
 * <p>{@value #CONTEXT} and not /metrics: the default configuration's {@code metrics} subsystem
 * serves /metrics already. {@link #tearDown} removes all of it and reloads, so the classes after
 * this one run on the configuration they expect.
 */
public class MicrometerSetup implements ServerSetupTask {
  static final String CONTEXT = "/prometheus";
  private static final String EXTENSION = "org.wildfly.extension.micrometer";
  private static final ModelNode SUBSYSTEM = Operations.createAddress("subsystem", "micrometer");
  private static final ModelNode PROMETHEUS =
      Operations.createAddress("subsystem", "micrometer", "registry", "prometheus");

  @Override
  public void setup(ManagementClient client, String containerId) throws Exception {
    ModelNode extension = Operations.createAddress("extension", EXTENSION);
    if (!Management.exists(client, extension)) {
      Management.execute(client, Operations.createAddOperation(extension));
    }
    Management.execute(client, Operations.createAddOperation(SUBSYSTEM));
    ModelNode registry = Operations.createAddOperation(PROMETHEUS);
    registry.get("context").set(CONTEXT);
    registry.get("security-enabled").set(false);
    Management.execute(client, registry);
    reload(client);
  }

  @Override
  public void tearDown(ManagementClient client, String containerId) throws Exception {
    if (Management.exists(client, PROMETHEUS)) {
      Management.execute(client, Operations.createRemoveOperation(PROMETHEUS));
    }
    if (Management.exists(client, SUBSYSTEM)) {
      Management.execute(client, Operations.createRemoveOperation(SUBSYSTEM));
    }
    ModelNode extension = Operations.createAddress("extension", EXTENSION);
    if (Management.exists(client, extension)) {
      Management.execute(client, Operations.createRemoveOperation(extension));
    }
    reload(client);
  }

  /**
   * {@code :reload} when the changes asked for one, then waits, bounded, until the server runs
   * again. Keyed on the state: the old controller may still answer for a moment after the reload
   * was accepted, with "reload-required", never "running".
   */
  private static void reload(ManagementClient client) throws InterruptedException {
    if ("running".equals(serverState(client))) {
      return;
    }
    Management.execute(
        client, Operations.createOperation("reload", new ModelNode().setEmptyList()));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      try {
        if ("running".equals(serverState(client))) {
          return;
        }
      } catch (RuntimeException restarting) {
        // The controller is restarting; ask again.
      }
      TimeUnit.MILLISECONDS.sleep(250);
    }
    throw new AssertionError("the server did not come back within 90 s of :reload");
  }

  private static String serverState(ManagementClient client) {
    try {
      ModelNode response =
          client
              .getControllerClient()
              .execute(
                  Operations.createReadAttributeOperation(
                      new ModelNode().setEmptyList(), "server-state"));
      return Operations.isSuccessfulOutcome(response)
          ? Operations.readResult(response).asString()
          : "unknown";
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
