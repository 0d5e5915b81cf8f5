package org.msgstore.it.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.jboss.as.controller.client.helpers.Operations;
import org.jboss.dmr.ModelNode;
import org.msgstore.it.scenario.SpoolingAdapterProperties;
import org.msgstore.it.scenario.TestSmtp;

/**
 * What an administrator does to a fresh server, through its management model (the README's WildFly
 * recipe, as reliability/wildfly and benchmarks' bench.cli do it): deploy msgstore.rar, add the
 * resource adapter with its config-properties and an XA connection definition with recovery
 * credentials, activate it; then deploy the fault ITs' war. The model is persisted, so a restarted
 * server comes up with all of it.
 */
final class AdapterInstall {
  static final String RAR = "msgstore.rar";
  static final String JNDI_NAME = "java:/eis/MsgStore";

  private AdapterInstall() {}

  /**
   * The spooler's settings of the in-server tests ({@link SpoolingAdapterProperties}: polls every
   * 500 ms, delivers to {@link TestSmtp}) with the store embedded under the server's data folder
   * and this fixed {@code nodeName}, so that a restart is the same node coming back.
   */
  static Map<String, String> embeddedStore(String nodeName) {
    Map<String, String> p =
        SpoolingAdapterProperties.withStoreIn("${jboss.server.data.dir}/msgstore-faults");
    p.put("nodeName", nodeName);
    return p;
  }

  /** {@link #embeddedStore} with the store on PostgreSQL by {@code jdbcUrl} instead. */
  static Map<String, String> postgresStore(String nodeName, String jdbcUrl, String user) {
    Map<String, String> p = embeddedStore(nodeName);
    p.remove("storeDirectory");
    p.put("jdbcUrl", jdbcUrl);
    p.put("jdbcUser", user);
    return p;
  }

  /** Deploys and configures the adapter with {@code properties}, then deploys {@code war}. */
  static void install(StandaloneServer server, Map<String, String> properties, Path war)
      throws IOException {
    server.deploy(rar());
    ModelNode adapter =
        Operations.createAddress("subsystem", "resource-adapters", "resource-adapter", RAR);
    Operations.CompositeOperationBuilder batch = Operations.CompositeOperationBuilder.create();
    ModelNode add = Operations.createAddOperation(adapter);
    add.get("archive").set(RAR);
    add.get("transaction-support").set("XATransaction");
    batch.addStep(add);
    properties.forEach(
        (name, value) -> {
          ModelNode property =
              Operations.createAddOperation(child(adapter, "config-properties", name));
          property.get("value").set(value);
          batch.addStep(property);
        });
    ModelNode definition =
        Operations.createAddOperation(child(adapter, "connection-definitions", "MsgStore"));
    definition.get("class-name").set("org.msgstore.ra.MsgStoreManagedConnectionFactory");
    definition.get("jndi-name").set(JNDI_NAME);
    definition.get("enabled").set(true);
    definition.get("min-pool-size").set(0);
    definition.get("max-pool-size").set(20);
    // Without recovery credentials IronJacamar never recovers a prepared branch (jca-notes P1).
    definition.get("no-recovery").set(false);
    definition.get("recovery-username").set("recovery");
    definition.get("recovery-password").set("recovery");
    batch.addStep(definition);
    server.execute(batch.build());
    server.execute(Operations.createOperation("activate", adapter));
    server.deploy(war);
  }

  private static ModelNode child(ModelNode address, String type, String name) {
    ModelNode child = address.clone();
    child.add(type, name);
    return child;
  }

  private static Path rar() {
    Path rar = Path.of(System.getProperty("msgstore.rar", "target/msgstore.rar"));
    if (!Files.isRegularFile(rar)) {
      throw new IllegalStateException(
          rar.toAbsolutePath() + " is missing; build with mvn verify -pl it-tests -am");
    }
    return rar;
  }
}
