package org.msgstore.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.jboss.as.arquillian.api.ServerSetupTask;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.as.controller.client.OperationBuilder;
import org.jboss.as.controller.client.helpers.Operations;
import org.jboss.dmr.ModelNode;

/**
 * Deploys the production {@code msgstore.rar} and configures it the way an administrator does (the
 * CLI recipe of jca-notes §5.1): deploy, one batch that adds the resource-adapter, its
 * config-properties and the connection definition, then {@code :activate()} and {@code
 * test-connection-in-pool()}.
 *
 * <p>Why the rar is deployed here and not as an Arquillian {@code @Deployment(order=1)}: setup
 * tasks run <em>before</em> a class's deployments, and a deployed rar creates no connection factory
 * until the subsystem has an entry for it (jca-notes §1.4). Deploying from the task keeps "deploy,
 * configure, activate" in the order an administrator follows, with no test-only {@code
 * ironjacamar.xml} in the archive; the Arquillian deployment of each class is then only the app
 * war, which sees the API through {@code Dependencies: deployment.msgstore.rar}.
 *
 * <p>{@link #tearDown} undeploys and removes everything again, so each test class starts from a
 * freshly started adapter; the server itself starts once for the whole run.
 */
public class MsgStoreAdapterSetup implements ServerSetupTask {
  public static final String RAR = "msgstore.rar";
  public static final String POOL = "MsgStore";

  /**
   * The name WildFly binds the factory under. Payara forbids ':' in resource names, so the shared
   * test beans use the resource-ref {@code eis/MsgStore}, which the test wars' jboss-web.xml maps
   * to this name (jca-notes P3, README "Looking the factory up on WildFly and Payara").
   */
  public static final String JNDI_NAME = "java:/eis/MsgStore";

  /**
   * Resource-adapter-level config-properties to set. Only {@code spoolerEnabled=false}: the store
   * runs on its defaults (embedded H2 under {@code ${jboss.server.data.dir}/msgstore}), and with no
   * spooler a submitted message stays queued, so the ITs can assert the transactional outcome of
   * submit() without racing a delivery (a message the spooler holds opens with MAPI_E_NO_ACCESS).
   * An empty value cannot be written to the model at all (WFLYCTL0113, minimum length 1), so "leave
   * the default" means "leave the property out".
   */
  protected Map<String, String> adapterProperties() {
    return Map.of("spoolerEnabled", "false");
  }

  /**
   * The resource-adapter's transaction-support: XATransaction, the store being a database of its
   * own; NoTransaction when it runs on the application's datasource (dataSource mode).
   */
  protected String transactionSupport() {
    return "XATransaction";
  }

  /** Connection-definition (managed connection factory) config-properties to set. */
  protected Map<String, String> connectionProperties() {
    return Map.of();
  }

  private static final ModelNode CACHED_CONNECTION_MANAGER =
      Operations.createAddress(
          "subsystem", "jca", "cached-connection-manager", "cached-connection-manager");

  /** The rar as the rar module built it (copied to target/ by the pom). */
  static Path rarFile() {
    Path rar = Path.of(System.getProperty("msgstore.rar", "target/msgstore.rar"));
    if (!Files.isRegularFile(rar)) {
      throw new IllegalStateException(
          rar.toAbsolutePath() + " is missing; build from the root with mvn -B verify");
    }
    return rar;
  }

  @Override
  public void setup(ManagementClient client, String containerId) throws Exception {
    try {
      configure(client);
    } catch (Exception | Error e) {
      // Arquillian does not tear down a task whose setup failed; leave no half-configured adapter
      // behind for the next test class.
      try {
        tearDown(client, containerId);
      } catch (Exception cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
  }

  private void configure(ManagementClient client) {
    // Leak detection (jca-notes §1.4): a handle left open at the end of a bean call is closed with
    // IJ000100 (debug) and fails the call (error), so a leak shows up in the test that caused it.
    setCachedConnectionManagerChecks(client, true);
    deployAndConfigure(client);
    activate(client);
    ModelNode tested =
        Management.execute(
            client,
            Operations.createOperation(
                "test-connection-in-pool", Management.CONNECTION_DEFINITION));
    if (!tested.isDefined() || !tested.get(0).asBoolean(false)) {
      throw new IllegalStateException(
          "test-connection-in-pool on " + JNDI_NAME + " answered " + tested + " after activate()");
    }
  }

  /** Deploys the rar and adds its configuration in one batch, as the CLI recipe does. */
  void deployAndConfigure(ManagementClient client) {
    ModelNode deploy = Operations.createAddOperation(Operations.createAddress("deployment", RAR));
    deploy.get("enabled").set(true);
    deploy.get("content").add().get("input-stream-index").set(0);
    Management.execute(
        client, OperationBuilder.create(deploy).addFileAsAttachment(rarFile().toFile()).build());

    Operations.CompositeOperationBuilder batch = Operations.CompositeOperationBuilder.create();
    ModelNode adapter = Operations.createAddOperation(Management.RESOURCE_ADAPTER);
    adapter.get("archive").set(RAR);
    adapter.get("transaction-support").set(transactionSupport());
    batch.addStep(adapter);
    adapterProperties()
        .forEach(
            (name, value) ->
                batch.addStep(
                    addValue(
                        Management.address(Management.RESOURCE_ADAPTER, "config-properties", name),
                        value)));
    ModelNode definition = Operations.createAddOperation(Management.CONNECTION_DEFINITION);
    definition.get("class-name").set("org.msgstore.ra.MsgStoreManagedConnectionFactory");
    definition.get("jndi-name").set(JNDI_NAME);
    definition.get("enabled").set(true);
    definition.get("min-pool-size").set(0);
    definition.get("max-pool-size").set(20);
    if ("XATransaction".equals(transactionSupport())) {
      // Recovery credentials: without them IronJacamar logs IJ020016 and never recovers a
      // prepared branch after a crash (jca-notes P1). The adapter takes its database credentials
      // from its own configuration; the Subject only has to exist.
      definition.get("no-recovery").set(false);
      definition.get("recovery-username").set("recovery");
      definition.get("recovery-password").set("recovery");
    }
    batch.addStep(definition);
    connectionProperties()
        .forEach(
            (name, value) ->
                batch.addStep(
                    addValue(
                        Management.address(
                            Management.CONNECTION_DEFINITION, "config-properties", name),
                        value)));
    addDefinitions(batch);
    Management.execute(client, batch.build());
  }

  /** Further connection definitions of the adapter, added in the same batch; none by default. */
  protected void addDefinitions(Operations.CompositeOperationBuilder batch) {}

  /**
   * Adds the connection definition {@code pool} bound as {@code jndiName} with these
   * config-properties (name, value pairs) and {@code attributes} (more definition attributes).
   */
  protected static void addDefinition(
      Operations.CompositeOperationBuilder batch,
      String pool,
      String jndiName,
      String[][] properties,
      Map<String, Object> attributes) {
    ModelNode address =
        Management.address(Management.RESOURCE_ADAPTER, "connection-definitions", pool);
    ModelNode definition = Operations.createAddOperation(address);
    definition.get("class-name").set("org.msgstore.ra.MsgStoreManagedConnectionFactory");
    definition.get("jndi-name").set(jndiName);
    definition.get("enabled").set(true);
    definition.get("min-pool-size").set(0);
    definition.get("max-pool-size").set(5);
    definition.get("no-recovery").set(true);
    attributes.forEach((name, value) -> definition.get(name).set(String.valueOf(value)));
    batch.addStep(definition);
    for (String[] p : properties) {
      batch.addStep(addValue(Management.address(address, "config-properties", p[0]), p[1]));
    }
  }

  /** Starts the configured adapter on the already deployed archive (no restart needed). */
  static void activate(ManagementClient client) {
    Management.execute(client, Operations.createOperation("activate", Management.RESOURCE_ADAPTER));
  }

  @Override
  public void tearDown(ManagementClient client, String containerId) throws Exception {
    // Undeploying stops the adapter (and its store); the configuration goes afterwards, so the
    // next class configures a fresh one. Each step only if there is something to remove.
    ModelNode deployment = Operations.createAddress("deployment", RAR);
    if (Management.exists(client, deployment)) {
      Management.execute(client, Operations.createRemoveOperation(deployment));
    }
    if (Management.exists(client, Management.RESOURCE_ADAPTER)) {
      Management.execute(client, Operations.createRemoveOperation(Management.RESOURCE_ADAPTER));
    }
    setCachedConnectionManagerChecks(client, false);
  }

  private static void setCachedConnectionManagerChecks(ManagementClient client, boolean on) {
    for (String attribute : new String[] {"debug", "error"}) {
      Management.execute(
          client,
          Operations.createWriteAttributeOperation(CACHED_CONNECTION_MANAGER, attribute, on));
    }
  }

  private static ModelNode addValue(ModelNode address, String value) {
    ModelNode op = Operations.createAddOperation(address);
    op.get("value").set(value);
    return op;
  }
}
