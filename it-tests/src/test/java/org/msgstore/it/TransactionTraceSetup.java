package org.msgstore.it;

import java.util.List;
import org.jboss.as.arquillian.api.ServerSetupTask;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.as.controller.client.helpers.Operations;
import org.jboss.dmr.ModelNode;

/**
 * Narayana at TRACE: its core ({@code com.arjuna.ats.arjuna}) names each phase the coordinator runs
 * for a transaction ({@code BasicAction::prepare}, {@code BasicAction::onePhaseCommit}), its JTA
 * layer ({@code com.arjuna.ats.jta}) each resource enlisted, with the datasource's JNDI name.
 * SharedDataSourceIT reads both to show how a transaction committed.
 */
public class TransactionTraceSetup implements ServerSetupTask {
  private static final List<String> CATEGORIES =
      List.of("com.arjuna.ats.arjuna", "com.arjuna.ats.jta");

  @Override
  public void setup(ManagementClient client, String containerId) {
    for (String category : CATEGORIES) {
      ModelNode logger = Operations.createAddOperation(logger(category));
      logger.get("level").set("TRACE");
      Management.execute(client, logger);
    }
  }

  @Override
  public void tearDown(ManagementClient client, String containerId) {
    for (String category : CATEGORIES) {
      Management.execute(client, Operations.createRemoveOperation(logger(category)));
    }
  }

  private static ModelNode logger(String category) {
    return Operations.createAddress("subsystem", "logging", "logger", category);
  }
}
