package org.msgstore.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.as.controller.client.Operation;
import org.jboss.as.controller.client.helpers.Operations;
import org.jboss.dmr.ModelNode;
import org.jboss.dmr.Property;

/**
 * The management operations the ITs use, each failing with the server's failure description (which
 * names the attribute or resource at fault) instead of a bare "outcome failed".
 */
final class Management {
  static final ModelNode RESOURCE_ADAPTER =
      Operations.createAddress(
          "subsystem", "resource-adapters", "resource-adapter", MsgStoreAdapterSetup.RAR);
  static final ModelNode CONNECTION_DEFINITION =
      Operations.createAddress(
          "subsystem",
          "resource-adapters",
          "resource-adapter",
          MsgStoreAdapterSetup.RAR,
          "connection-definitions",
          MsgStoreAdapterSetup.POOL);

  private Management() {}

  /** The result of {@code op}; throws with the failure description when it did not succeed. */
  static ModelNode execute(ManagementClient client, ModelNode op) {
    return execute(client, Operation.Factory.create(op));
  }

  static ModelNode execute(ManagementClient client, Operation op) {
    ModelNode response;
    try {
      response = client.getControllerClient().execute(op);
    } catch (IOException e) {
      throw new UncheckedIOException("management operation " + op.getOperation() + " failed", e);
    }
    if (!Operations.isSuccessfulOutcome(response)) {
      throw new IllegalStateException(
          "management operation "
              + op.getOperation()
              + " failed: "
              + Operations.getFailureDescription(response));
    }
    return Operations.readResult(response);
  }

  /** Whether the resource at {@code address} exists. */
  static boolean exists(ManagementClient client, ModelNode address) {
    List<Property> steps = address.asPropertyList();
    Property last = steps.get(steps.size() - 1);
    ModelNode parent = new ModelNode().setEmptyList();
    for (Property step : steps.subList(0, steps.size() - 1)) {
      parent.add(step.getName(), step.getValue().asString());
    }
    ModelNode op = Operations.createOperation("read-children-names", parent);
    op.get("child-type").set(last.getName());
    return execute(client, op).asList().stream()
        .anyMatch(name -> name.asString().equals(last.getValue().asString()));
  }

  static ModelNode address(ModelNode base, String... pairs) {
    ModelNode address = base.clone();
    for (int i = 0; i < pairs.length; i += 2) {
      address.add(pairs[i], pairs[i + 1]);
    }
    return address;
  }

  /** The running server's jboss.server.data.dir. */
  static String dataDirectory(ManagementClient client) {
    return execute(
            client,
            Operations.createReadAttributeOperation(
                Operations.createAddress("path", "jboss.server.data.dir"), "path"))
        .asString();
  }

  /** The last "MSGS1001 adapter started" line, which shows the settings the adapter runs with. */
  static String lastAdapterStart(List<String> serverLog) {
    List<String> started = serverLog.stream().filter(line -> line.contains("MSGS1001")).toList();
    if (started.isEmpty()) {
      throw new AssertionError("no MSGS1001 (adapter started) line in server.log");
    }
    return started.get(started.size() - 1);
  }

  /**
   * Fails when the cached connection manager had to close a handle an application left open
   * (IJ000100), anywhere in the run so far.
   */
  static void assertNoLeakedHandles(ManagementClient client) {
    List<String> leaks =
        serverLog(client).stream().filter(line -> line.contains("IJ000100")).toList();
    if (!leaks.isEmpty()) {
      throw new AssertionError("connection handles closed by the container: " + leaks);
    }
  }

  /** The lines of the running server's server.log (its path read from the model). */
  static List<String> serverLog(ManagementClient client) {
    ModelNode op =
        Operations.createReadAttributeOperation(
            Operations.createAddress("path", "jboss.server.log.dir"), "path");
    Path log = Path.of(execute(client, op).asString(), "server.log");
    try {
      return Files.readAllLines(log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the server log " + log, e);
    }
  }
}
