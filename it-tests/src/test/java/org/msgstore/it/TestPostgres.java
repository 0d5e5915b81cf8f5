package org.msgstore.it;

import java.io.IOException;
import java.nio.file.Path;
import org.msgstore.testdb.PostgresServer;

/**
 * The private PostgreSQL cluster of the ITs that run the adapter on a PostgreSQL store ({@link
 * PostgresServer} in {@code target/postgres-it/<pid>}) with one database {@value #DATABASE}.
 * Started by a setup task before the adapter is configured, stopped and removed after it is
 * removed.
 *
 * <p>Client side only, like {@link TestSmtp}: never in a test war.
 */
public final class TestPostgres {
  public static final String USER = PostgresServer.ADMIN;
  public static final String DATABASE = "msgstore_it";

  private static PostgresServer server;

  private TestPostgres() {}

  /** Starts the cluster and creates the store database (no-op when running). */
  public static synchronized void start() throws IOException, InterruptedException {
    if (server != null) {
      return;
    }
    Path home =
        Path.of("target", "postgres-it", Long.toString(ProcessHandle.current().pid()))
            .toAbsolutePath();
    PostgresServer.removeLeftovers(home.getParent());
    server = PostgresServer.start(home);
    Runtime.getRuntime().addShutdownHook(new Thread(TestPostgres::stop, "stop IT PostgreSQL"));
    server.createDatabase(DATABASE);
  }

  /** The JDBC URL of the store database. */
  public static synchronized String jdbcUrl() {
    return running().jdbcUrl(DATABASE);
  }

  /** Runs one SQL query with psql on the store database and returns its single value. */
  public static synchronized String query(String sql) throws IOException, InterruptedException {
    return running().psql(DATABASE, sql);
  }

  /** Stops the cluster immediately (it is thrown away) and removes its folder. */
  public static synchronized void stop() {
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

  private static PostgresServer running() {
    if (server == null) {
      throw new IllegalStateException("the IT PostgreSQL cluster is not running");
    }
    return server;
  }
}
