package org.msgstore.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.msgstore.testdb.PostgresServer;

/**
 * The store tests' PostgreSQL: one private {@link PostgresServer} per test JVM in {@code
 * target/postgres/<pid>}, started on first use and stopped when the JVM ends (a shutdown hook, so
 * an aborted run is covered too; leftovers of dead JVMs are removed at the next start). Each test
 * gets a database of its own.
 *
 * <p>Without server binaries the PostgreSQL tests are skipped with a hint, except under CI ({@code
 * CI=true}), where they fail instead.
 *
 * <p>Public so that the adapter's tests ({@code org.msgstore.ra}) run on the same cluster.
 */
public final class PostgresCluster {
  private static final OneServerPerJvm<PostgresCluster> ONE =
      new OneServerPerJvm<>(
          "PostgreSQL",
          "postgres",
          () -> PostgresServer.binaries().isPresent(),
          PostgresServer::howToInstall,
          PostgresServer::removeLeftovers,
          home -> new PostgresCluster(PostgresServer.start(home)),
          PostgresCluster::close);

  private final PostgresServer server;
  private final AtomicInteger databases = new AtomicInteger();
  private Connection admin;

  private PostgresCluster(PostgresServer server) throws SQLException {
    this.server = server;
    this.admin = connect("postgres");
  }

  /** The cluster of this JVM, started on first use. */
  public static PostgresCluster get() {
    return ONE.get();
  }

  /**
   * Skips the calling test, with the how-to, where PostgreSQL is not installed; under CI the test
   * goes on and {@link #get()} fails it.
   */
  static void assumeInstalled() {
    ONE.assumeInstalled();
  }

  /** Settings of a new, empty database; every call makes another one. */
  public StoreSettings newDatabase() {
    String name = "test_" + databases.incrementAndGet();
    try (Statement s = admin.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot create test database " + name + ": " + e.getMessage(), e);
    }
    return new StoreSettings(server.jdbcUrl(name), PostgresServer.ADMIN, "", 5000);
  }

  private Connection connect(String database) throws SQLException {
    return DriverManager.getConnection(server.jdbcUrl(database), PostgresServer.ADMIN, "");
  }

  /**
   * Stops the server as a crash would and starts it again on the same port; what was committed or
   * prepared must still be there.
   */
  synchronized void crashAndRestart() throws Exception {
    closeAdmin();
    server.crashAndRestart();
    admin = connect("postgres");
  }

  private synchronized void close() {
    System.out.println("stopping the test PostgreSQL cluster on port " + server.port());
    closeAdmin();
    try {
      server.close();
    } catch (Exception e) {
      System.err.println(
          "the test PostgreSQL cluster in " + server.home() + " did not stop: " + e.getMessage());
    }
  }

  private void closeAdmin() {
    try {
      admin.close();
    } catch (SQLException ignored) {
      // The server goes down anyway.
    }
  }

  /**
   * Put on a PostgreSQL-only test class: skips it with a hint where PostgreSQL is not installed
   * (but not under CI, where a missing PostgreSQL must fail the build).
   */
  public static final class Extension implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      return ONE.condition();
    }
  }
}
