package org.msgstore.it;

import org.jboss.as.arquillian.api.ServerSetupTask;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.as.controller.client.helpers.Operations;
import org.jboss.dmr.ModelNode;

/** TRACE for Narayana's XA recovery module, so XaRecoveryIT can see which resources it scanned. */
public class RecoveryTraceSetup implements ServerSetupTask {
  static final ModelNode LOGGER =
      Operations.createAddress("subsystem", "logging", "logger", "com.arjuna.ats.jta");

  @Override
  public void setup(ManagementClient client, String containerId) {
    ModelNode add = Operations.createAddOperation(LOGGER);
    add.get("level").set("TRACE");
    Management.execute(client, add);
  }

  @Override
  public void tearDown(ManagementClient client, String containerId) {
    Management.execute(client, Operations.createRemoveOperation(LOGGER));
  }
}
