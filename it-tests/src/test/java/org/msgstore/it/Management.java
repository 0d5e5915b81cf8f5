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

/**
 * The management operations the ITs use, each failing with the server's failure description
 * (which names the attribute or resource at fault) instead of a bare "outcome failed".
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

  static ModelNode address(ModelNode base, String... pairs) {
    ModelNode address = base.clone();
    for (int i = 0; i < pairs.length; i += 2) {
      address.add(pairs[i], pairs[i + 1]);
    }
    return address;
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
