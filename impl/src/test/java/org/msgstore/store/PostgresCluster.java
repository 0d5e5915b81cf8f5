package org.msgstore.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
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
  private static PostgresCluster running;
  private static IllegalStateException startFailure;

  private final PostgresServer server;
  private final AtomicInteger databases = new AtomicInteger();
  private Connection admin;

  private PostgresCluster(PostgresServer server) throws SQLException {
    this.server = server;
    this.admin = connect("postgres");
  }

  /** The cluster of this JVM, started on first use. */
  public static synchronized PostgresCluster get() {
    if (startFailure != null) {
      throw startFailure; // tried once in this JVM: every later test class fails fast, the same way
    }
    if (running == null) {
      if (PostgresServer.binaries().isEmpty()) {
        startFailure =
            new IllegalStateException(
                (PostgresServer.onCi()
                        ? "CI=true, so the PostgreSQL tests may not be skipped: "
                        : "")
                    + PostgresServer.howToInstall());
        throw startFailure;
      }
      Path clusters =
          Path.of(System.getProperty("basedir", ".")).toAbsolutePath().resolve("target/postgres");
      try {
        long began = System.nanoTime();
        PostgresServer.removeLeftovers(clusters);
        PostgresServer server =
            PostgresServer.start(clusters.resolve(Long.toString(ProcessHandle.current().pid())));
        running = new PostgresCluster(server);
        System.out.println(
            "started the test PostgreSQL cluster on port "
                + server.port()
                + " in "
                + (System.nanoTime() - began) / 1_000_000
                + " ms");
      } catch (Exception e) {
        startFailure =
            new IllegalStateException(
                "the test PostgreSQL cluster did not start: " + e.getMessage(), e);
        throw startFailure;
      }
      PostgresCluster cluster = running;
      Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "stop test PostgreSQL"));
    }
    return running;
  }

  /**
   * Skips the calling test, with the how-to, where PostgreSQL is not installed; under CI the test
   * goes on and {@link #get()} fails it.
   */
  static void assumeInstalled() {
    Assumptions.assumeTrue(
        PostgresServer.binaries().isPresent() || PostgresServer.onCi(),
        () -> "PostgreSQL tests skipped: " + PostgresServer.howToInstall());
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
      if (PostgresServer.binaries().isPresent()) {
        return ConditionEvaluationResult.enabled("PostgreSQL binaries found");
      }
      if (PostgresServer.onCi()) {
        return ConditionEvaluationResult.enabled(
            "CI=true: PostgreSQL tests must run, and will fail without PostgreSQL");
      }
      return ConditionEvaluationResult.disabled(
          "PostgreSQL tests skipped: " + PostgresServer.howToInstall());
    }
  }
}
