package org.msgstore.it.scenario;

import java.io.IOException;
import java.nio.file.Path;
import org.msgstore.testdb.PostgresServer;

/**
 * The one private PostgreSQL cluster of an IT JVM ({@link PostgresServer} in {@code
 * target/postgres-it/<pid>}): started on first use, stopped and removed when the JVM ends. Each
 * user keeps to databases of its own in it (the store database of the jdbcUrl ITs, a database per
 * class for the shared-datasource ITs), so one cluster start serves them all.
 *
 * <p>Client side only, like {@link TestSmtp}: never in a test war.
 */
public final class ItPostgres {
  private static PostgresServer server;

  private ItPostgres() {}

  /** The running cluster, started now if it is not yet. */
  public static synchronized PostgresServer server() throws IOException, InterruptedException {
    if (server == null) {
      Path home =
          Path.of("target", "postgres-it", Long.toString(ProcessHandle.current().pid()))
              .toAbsolutePath();
      PostgresServer.removeLeftovers(home.getParent());
      server = PostgresServer.start(home);
      Runtime.getRuntime().addShutdownHook(new Thread(ItPostgres::stop, "stop IT PostgreSQL"));
    }
    return server;
  }

  /** The running cluster; fails when nothing started it. */
  public static synchronized PostgresServer running() {
    if (server == null) {
      throw new IllegalStateException("the IT PostgreSQL cluster is not running");
    }
    return server;
  }

  /** Stops the cluster immediately (it is thrown away) and removes its folder. */
  private static synchronized void stop() {
    if (server == null) {
      return;
    }
    try {
      server.close();
      server.delete();
    } catch (IOException | InterruptedException e) {
      System.err.println(
          "the IT PostgreSQL cluster in " + server.home() + " did not stop: " + e.getMessage());
    } finally {
      server = null;
    }
  }
}
