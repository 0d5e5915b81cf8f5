package org.msgstore.it;

import java.nio.file.Files;
import java.nio.file.Path;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.as.controller.client.OperationBuilder;
import org.jboss.as.controller.client.helpers.Operations;
import org.jboss.dmr.ModelNode;
import org.msgstore.it.scenario.AppDatabase;

/**
 * The application's datasource {@value #NAME} on PostgreSQL, as an administrator adds it: deploy
 * the PostgreSQL JDBC driver jar (WildFly registers its driver under the deployment's name), then a
 * non-XA {@code data-source} with {@code jta=true} (the default) on a fresh {@link AppDatabase}
 * database, logging in as the application's role. The adapter in dataSource mode runs its store on
 * it.
 *
 * <p>Client side only (setup tasks).
 */
final class AppDataSource {
  static final String NAME = "AppDS";
  static final String JNDI_NAME = "java:jboss/datasources/AppDS";
  static final ModelNode DATASOURCE =
      Operations.createAddress("subsystem", "datasources", "data-source", NAME);

  private AppDataSource() {}

  /** The driver jar the pom copies to target/. */
  static Path driverFile() {
    Path jar = Path.of(System.getProperty("msgstore.postgresql.driver", "target/postgresql.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar.toAbsolutePath() + " is missing; build with mvn verify");
    }
    return jar;
  }

  /** The deployment name, which is also the driver's name in the datasources subsystem. */
  static String driverName() {
    return driverFile().getFileName().toString();
  }

  /**
   * A fresh database, the driver deployed and the datasource added and tested; on a failure what
   * was added is removed again (Arquillian does not tear down a task whose setup failed).
   */
  static void add(ManagementClient client) throws Exception {
    add(client, new ModelNode());
  }

  /**
   * {@link #add(ManagementClient)} with {@code attributes} (an object node, possibly empty) set on
   * the datasource beside the usual ones.
   */
  static void add(ManagementClient client, ModelNode attributes) throws Exception {
    AppDatabase.createDatabase();
    try {
      deployDriverAndAdd(client, attributes);
    } catch (Exception | Error e) {
      try {
        remove(client);
      } catch (RuntimeException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
  }

  private static void deployDriverAndAdd(ManagementClient client, ModelNode attributes) {
    ModelNode deploy =
        Operations.createAddOperation(Operations.createAddress("deployment", driverName()));
    deploy.get("enabled").set(true);
    deploy.get("content").add().get("input-stream-index").set(0);
    Management.execute(
        client, OperationBuilder.create(deploy).addFileAsAttachment(driverFile().toFile()).build());

    ModelNode add = Operations.createAddOperation(DATASOURCE);
    add.get("jndi-name").set(JNDI_NAME);
    add.get("driver-name").set(driverName());
    add.get("connection-url").set(AppDatabase.jdbcUrl());
    add.get("user-name").set(AppDatabase.USER);
    add.get("password").set(AppDatabase.PASSWORD);
    add.get("min-pool-size").set(0);
    add.get("max-pool-size").set(20);
    add.get("enabled").set(true);
    if (attributes.isDefined()) {
      attributes.keys().forEach(k -> add.get(k).set(attributes.get(k)));
    }
    Management.execute(client, add);
    Management.execute(client, Operations.createOperation("test-connection-in-pool", DATASOURCE));
  }

  /** Removes the datasource and the driver, each only if it is there. */
  static void remove(ManagementClient client) {
    if (Management.exists(client, DATASOURCE)) {
      ModelNode remove = Operations.createRemoveOperation(DATASOURCE);
      remove.get("operation-headers", "allow-resource-service-restart").set(true);
      Management.execute(client, remove);
    }
    ModelNode driver = Operations.createAddress("deployment", driverName());
    if (Management.exists(client, driver)) {
      Management.execute(client, Operations.createRemoveOperation(driver));
    }
  }
}
