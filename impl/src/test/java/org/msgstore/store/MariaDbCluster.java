package org.msgstore.store;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.msgstore.testdb.MariaDbServer;
import org.msgstore.testdb.PostgresServer;

/**
 * The store tests' MariaDB: one private {@link MariaDbServer} per test JVM in {@code
 * target/mariadb/<pid>}, started on first use and stopped when the JVM ends (a shutdown hook;
 * leftovers of dead JVMs are removed at the next start). Each test gets a database of its own.
 *
 * <p>Without the server the MariaDB tests are skipped with a hint, except under CI ({@code
 * CI=true}), where they fail instead.
 */
public final class MariaDbCluster {
  private static MariaDbCluster running;
  private static IllegalStateException startFailure;

  private final MariaDbServer server;
  private final AtomicInteger databases = new AtomicInteger();

  private MariaDbCluster(MariaDbServer server) {
    this.server = server;
  }

  /** The server of this JVM, started on first use. */
  public static synchronized MariaDbCluster get() {
    if (startFailure != null) {
      throw startFailure; // tried once in this JVM: every later test class fails fast, the same way
    }
    if (running == null) {
      if (!MariaDbServer.installed()) {
        startFailure =
            new IllegalStateException(
                (PostgresServer.onCi() ? "CI=true, so the MariaDB tests may not be skipped: " : "")
                    + MariaDbServer.howToInstall());
        throw startFailure;
      }
      Path servers =
          Path.of(System.getProperty("basedir", ".")).toAbsolutePath().resolve("target/mariadb");
      try {
        long began = System.nanoTime();
        MariaDbServer.removeLeftovers(servers);
        MariaDbServer server =
            MariaDbServer.start(servers.resolve(Long.toString(ProcessHandle.current().pid())));
        running = new MariaDbCluster(server);
        System.out.println(
            "started the test MariaDB server on port "
                + server.port()
                + " in "
                + (System.nanoTime() - began) / 1_000_000
                + " ms");
      } catch (Exception e) {
        startFailure =
            new IllegalStateException(
                "the test MariaDB server did not start: " + e.getMessage(), e);
        throw startFailure;
      }
      MariaDbCluster cluster = running;
      Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "stop test MariaDB"));
    }
    return running;
  }

  /**
   * Skips the calling test, with the how-to, where MariaDB is not installed; under CI the test goes
   * on and {@link #get()} fails it.
   */
  static void assumeInstalled() {
    Assumptions.assumeTrue(
        MariaDbServer.installed() || PostgresServer.onCi(),
        () -> "MariaDB tests skipped: " + MariaDbServer.howToInstall());
  }

  /** Settings of a new, empty database; every call makes another one. */
  public StoreSettings newDatabase() {
    String name = "test_" + databases.incrementAndGet();
    try {
      server.createDatabase(name);
    } catch (Exception e) {
      throw new IllegalStateException(
          "cannot create test database " + name + ": " + e.getMessage(), e);
    }
    return new StoreSettings(server.jdbcUrl(name), MariaDbServer.ADMIN, "", 5000);
  }

  private synchronized void close() {
    System.out.println("stopping the test MariaDB server on port " + server.port());
    try {
      server.close();
    } catch (Exception e) {
      System.err.println(
          "the test MariaDB server in " + server.home() + " did not stop: " + e.getMessage());
    }
  }

  /**
   * Put on a MariaDB-only test class: skips it with a hint where MariaDB is not installed (but not
   * under CI, where a missing MariaDB must fail the build).
   */
  public static final class Extension implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      if (MariaDbServer.installed()) {
        return ConditionEvaluationResult.enabled("MariaDB server found");
      }
      if (PostgresServer.onCi()) {
        return ConditionEvaluationResult.enabled(
            "CI=true: MariaDB tests must run, and will fail without MariaDB");
      }
      return ConditionEvaluationResult.disabled(
          "MariaDB tests skipped: " + MariaDbServer.howToInstall());
    }
  }
}
