package org.msgstore.it;

import org.jboss.as.arquillian.api.ServerSetupTask;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.as.controller.client.helpers.Operations;
import org.jboss.dmr.ModelNode;

/**
 * The application's own XA datasource, as an administrator adds it: H2 through the {@code h2}
 * driver WildFly ships, a file database in the server's data directory. Together with the MsgStore
 * connection it makes a transaction with two XA resources, i.e. a real two-phase commit.
 */
public class AppDataSourceSetup implements ServerSetupTask {
  /**
   * Where WildFly binds it; the test wars map the resource-ref jdbc/AppXA to it (jboss-web.xml).
   */
  static final String JNDI_NAME = "java:jboss/datasources/AppXA";

  static final ModelNode DATASOURCE =
      Operations.createAddress("subsystem", "datasources", "xa-data-source", "AppXA");

  static final ModelNode TRANSACTION_LOGGER =
      Operations.createAddress("subsystem", "logging", "logger", "com.arjuna.ats.jta");

  @Override
  public void setup(ManagementClient client, String containerId) {
    // A composite: WildFly refuses an XA datasource without at least one xa-datasource-property.
    Operations.CompositeOperationBuilder batch = Operations.CompositeOperationBuilder.create();
    ModelNode add = Operations.createAddOperation(DATASOURCE);
    add.get("jndi-name").set(JNDI_NAME);
    add.get("driver-name").set("h2");
    add.get("user-name").set("sa");
    add.get("password").set("sa");
    batch.addStep(add);
    ModelNode url =
        Operations.createAddOperation(
            Management.address(DATASOURCE, "xa-datasource-properties", "URL"));
    url.get("value").set("jdbc:h2:file:${jboss.server.data.dir}/appxa");
    batch.addStep(url);
    // Narayana's TRACE shows each XAResourceRecord it prepares and commits: TwoPhaseCommitIT
    // reads it to prove both resources took part in a real two-phase commit (not 1PC, not LRCO).
    ModelNode logger = Operations.createAddOperation(TRANSACTION_LOGGER);
    logger.get("level").set("TRACE");
    batch.addStep(logger);
    Management.execute(client, batch.build());
  }

  @Override
  public void tearDown(ManagementClient client, String containerId) {
    Management.execute(client, Operations.createRemoveOperation(TRANSACTION_LOGGER));
    ModelNode remove = Operations.createRemoveOperation(DATASOURCE);
    remove.get("operation-headers", "allow-resource-service-restart").set(true);
    Management.execute(client, remove);
  }
}
