package org.msgstore.store;

import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.msgstore.testdb.PostgresServer;

/**
 * One test database server per test JVM, shared by every test that needs that database: started on
 * first use in {@code target/<folder>/<pid>} (the folders of JVMs that are gone are removed first),
 * stopped by a shutdown hook, so an aborted run is covered too. A failed start is remembered: every
 * later test fails fast with the same error. Without the server's binaries the tests are skipped
 * with the how-to, except under CI ({@code CI=true}), where they fail.
 */
final class OneServerPerJvm<T> {
  /** Starts the server in its folder and wraps it for the tests. */
  @FunctionalInterface
  interface Start<T> {
    T start(Path home) throws Exception;
  }

  /** Removes the folders of dead JVMs under the parent folder. */
  @FunctionalInterface
  interface Sweep {
    void removeLeftovers(Path parent) throws Exception;
  }

  private final String database;
  private final String folder;
  private final BooleanSupplier installed;
  private final Supplier<String> howToInstall;
  private final Sweep sweep;
  private final Start<T> start;
  private final Consumer<T> stop;
  private T running;
  private IllegalStateException startFailure;

  OneServerPerJvm(
      String database,
      String folder,
      BooleanSupplier installed,
      Supplier<String> howToInstall,
      Sweep sweep,
      Start<T> start,
      Consumer<T> stop) {
    this.database = database;
    this.folder = folder;
    this.installed = installed;
    this.howToInstall = howToInstall;
    this.sweep = sweep;
    this.start = start;
    this.stop = stop;
  }

  /** This JVM's server, started on first use. */
  synchronized T get() {
    if (startFailure != null) {
      throw startFailure; // tried once in this JVM: every later test class fails fast, the same way
    }
    if (running == null) {
      if (!installed.getAsBoolean()) {
        startFailure =
            new IllegalStateException(
                (PostgresServer.onCi()
                        ? "CI=true, so the " + database + " tests may not be skipped: "
                        : "")
                    + howToInstall.get());
        throw startFailure;
      }
      Path parent =
          Path.of(System.getProperty("basedir", ".")).toAbsolutePath().resolve("target/" + folder);
      try {
        long began = System.nanoTime();
        sweep.removeLeftovers(parent);
        running = start.start(parent.resolve(Long.toString(ProcessHandle.current().pid())));
        System.out.println(
            "started the test "
                + database
                + " server in "
                + (System.nanoTime() - began) / 1_000_000
                + " ms");
      } catch (Exception e) {
        startFailure =
            new IllegalStateException(
                "the test " + database + " server did not start: " + e.getMessage(), e);
        throw startFailure;
      }
      T server = running;
      Runtime.getRuntime()
          .addShutdownHook(new Thread(() -> stop.accept(server), "stop test " + database));
    }
    return running;
  }

  /**
   * Skips the calling test, with the how-to, where the server is not installed; under CI the test
   * goes on and {@link #get()} fails it.
   */
  void assumeInstalled() {
    Assumptions.assumeTrue(
        installed.getAsBoolean() || PostgresServer.onCi(),
        () -> database + " tests skipped: " + howToInstall.get());
  }

  /** For a test class that needs this database only: the same rule as {@link #assumeInstalled}. */
  ConditionEvaluationResult condition() {
    if (installed.getAsBoolean()) {
      return ConditionEvaluationResult.enabled(database + " server found");
    }
    if (PostgresServer.onCi()) {
      return ConditionEvaluationResult.enabled(
          "CI=true: " + database + " tests must run, and will fail without " + database);
    }
    return ConditionEvaluationResult.disabled(database + " tests skipped: " + howToInstall.get());
  }
}
