package org.msgstore.store;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.msgstore.testdb.MariaDbServer;

/**
 * The store tests' MariaDB: one private {@link MariaDbServer} per test JVM in {@code
 * target/mariadb/<pid>}, started on first use and stopped when the JVM ends (a shutdown hook;
 * leftovers of dead JVMs are removed at the next start). Each test gets a database of its own.
 *
 * <p>Without the server the MariaDB tests are skipped with a hint, except under CI ({@code
 * CI=true}), where they fail instead.
 */
public final class MariaDbCluster {
  private static final OneServerPerJvm<MariaDbCluster> ONE =
      new OneServerPerJvm<>(
          "MariaDB",
          "mariadb",
          MariaDbServer::installed,
          MariaDbServer::howToInstall,
          MariaDbServer::removeLeftovers,
          home -> new MariaDbCluster(MariaDbServer.start(home)),
          MariaDbCluster::close);

  private final MariaDbServer server;
  private final AtomicInteger databases = new AtomicInteger();

  private MariaDbCluster(MariaDbServer server) {
    this.server = server;
  }

  /** The server of this JVM, started on first use. */
  public static MariaDbCluster get() {
    return ONE.get();
  }

  /**
   * Skips the calling test, with the how-to, where MariaDB is not installed; under CI the test goes
   * on and {@link #get()} fails it.
   */
  static void assumeInstalled() {
    ONE.assumeInstalled();
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
      return ONE.condition();
    }
  }
}
