package org.msgstore.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A private PostgreSQL cluster for the tests: initdb into {@code target/postgres/<pid>}, its own
 * loopback port, {@code max_prepared_transactions=20} for XA, started once per test JVM and stopped
 * when the test run ends (JUnit closes it with the root context; a JVM shutdown hook covers an
 * aborted run). Each test gets a database of its own.
 *
 * <p>PostgreSQL refuses to run as root: when the tests run as root, initdb and pg_ctl run as the
 * {@code postgres} system user (created by Debian's package) through {@code runuser}, and the
 * cluster folder is handed to that user.
 *
 * <p>Without server binaries (under {@code /usr/lib/postgresql/<version>/bin}) the PostgreSQL tests
 * are skipped with a hint, except under CI ({@code CI=true}), where they fail instead.
 *
 * <p>Public so that the adapter's tests ({@code org.msgstore.ra}) run on the same cluster.
 */
public final class PostgresCluster implements AutoCloseable {
  static final String ADMIN = "msgstore";

  /**
   * Where Debian puts each server version ({@code <version>/bin}); a property may point elsewhere.
   */
  private static final Path BINARIES =
      Path.of(System.getProperty("msgstore.test.postgresql", "/usr/lib/postgresql"));

  private static final String OS_USER = "postgres";
  private static final long START_TIMEOUT_S = 60;
  private static final long STOP_TIMEOUT_S = 30;

  private static PostgresCluster running;
  private static IllegalStateException startFailure;

  private final Path bin;
  private final Path home;
  private final Path data;
  private final int port;
  private Connection admin;
  private final AtomicInteger databases = new AtomicInteger();
  private boolean stopped;

  private PostgresCluster(Path bin, Path home, int port) throws Exception {
    this.bin = bin;
    this.home = home;
    this.data = home.resolve("data");
    this.port = port;
    this.admin = connect("postgres");
  }

  /** The cluster of this JVM, started on first use. */
  public static synchronized PostgresCluster get() {
    if (startFailure != null) {
      throw startFailure; // tried once in this JVM: every later test class fails fast, the same way
    }
    if (running == null) {
      Optional<Path> bin = binaries();
      if (bin.isEmpty()) {
        startFailure =
            new IllegalStateException(
                (onCi()
                        ? "CI=true, so the PostgreSQL tests may not be skipped, but there are "
                        : "there are ")
                    + "no PostgreSQL server binaries under "
                    + BINARIES
                    + "/*/bin; "
                    + howToEnable());
        throw startFailure;
      }
      Path clusters =
          Path.of(System.getProperty("basedir", ".")).toAbsolutePath().resolve("target/postgres");
      try {
        long began = System.nanoTime();
        removeLeftovers(bin.get(), clusters);
        running = start(bin.get(), clusters.resolve(Long.toString(ProcessHandle.current().pid())));
        System.out.println(
            "started the test PostgreSQL cluster ("
                + bin.get()
                + ") on port "
                + running.port
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

  static String howToEnable() {
    return "install PostgreSQL to run the PostgreSQL tests (apt-get install postgresql)";
  }

  /** The newest installed server's bin folder, if any. */
  /**
   * Skips the calling test, with the how-to, where PostgreSQL is not installed; under CI the test
   * goes on and {@link #get()} fails it.
   */
  static void assumeInstalled() {
    Assumptions.assumeTrue(
        binaries().isPresent() || onCi(),
        () ->
            "PostgreSQL tests skipped: no PostgreSQL server under "
                + BINARIES
                + "/*/bin; "
                + howToEnable());
  }

  static Optional<Path> binaries() {
    if (!Files.isDirectory(BINARIES)) {
      return Optional.empty();
    }
    List<Path> found = new ArrayList<>();
    try (DirectoryStream<Path> versions = Files.newDirectoryStream(BINARIES)) {
      for (Path v : versions) {
        Path b = v.resolve("bin");
        if (Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl"))) {
          found.add(b);
        }
      }
    } catch (IOException e) {
      return Optional.empty();
    }
    return found.stream().max(Comparator.comparing(PostgresCluster::majorVersion));
  }

  private static int majorVersion(Path bin) {
    try {
      return Integer.parseInt(bin.getParent().getFileName().toString());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /**
   * Each test JVM has its own cluster folder, named after its process id, so parallel forks never
   * share one. Clusters of JVMs that are gone (an aborted run) are stopped and removed.
   */
  private static void removeLeftovers(Path bin, Path clusters)
      throws IOException, InterruptedException {
    if (!Files.isDirectory(clusters)) {
      return;
    }
    try (DirectoryStream<Path> homes = Files.newDirectoryStream(clusters)) {
      for (Path home : homes) {
        if (ownerAlive(home)) {
          continue;
        }
        Path data = home.resolve("data");
        if (Files.exists(data.resolve("postmaster.pid"))) {
          run(
              List.of(
                  bin.resolve("pg_ctl").toString(),
                  "stop",
                  "-D",
                  data.toString(),
                  "-m",
                  "immediate",
                  "-w",
                  "-t",
                  "10"),
              20,
              false);
        }
        deleteTree(home);
      }
    }
  }

  private static boolean ownerAlive(Path home) {
    try {
      return ProcessHandle.of(Long.parseLong(home.getFileName().toString()))
          .map(ProcessHandle::isAlive)
          .orElse(false);
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static PostgresCluster start(Path bin, Path home) throws Exception {
    Path data = home.resolve("data");
    Files.createDirectories(home);
    handOver(home);
    run(
        List.of(
            bin.resolve("initdb").toString(),
            "-D",
            data.toString(),
            "-U",
            ADMIN,
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C",
            "--no-sync"),
        120,
        true);
    int port = freePort();
    // Loopback only, no Unix socket (its default folder may not exist or belong to a system
    // cluster).
    String conf =
        String.join(
            "\n",
            "",
            "listen_addresses = '127.0.0.1'",
            "port = " + port,
            "unix_socket_directories = ''",
            "max_prepared_transactions = 20",
            "max_connections = 200",
            "");
    Files.writeString(
        data.resolve("postgresql.conf"),
        conf,
        StandardCharsets.UTF_8,
        java.nio.file.StandardOpenOption.APPEND);
    run(
        List.of(
            bin.resolve("pg_ctl").toString(),
            "start",
            "-D",
            data.toString(),
            "-l",
            home.resolve("server.log").toString(),
            "-w",
            "-t",
            Long.toString(START_TIMEOUT_S)),
        START_TIMEOUT_S + 10,
        true);
    return new PostgresCluster(bin, home, port);
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
    return new StoreSettings(url(name), ADMIN, "", 5000);
  }

  String url(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  Connection connect(String database) throws SQLException {
    return DriverManager.getConnection(url(database), ADMIN, "");
  }

  /** Runs a statement as the cluster's superuser on the maintenance database. */
  void execute(String sql) throws SQLException {
    try (Statement s = admin.createStatement()) {
      s.execute(sql);
    }
  }

  /**
   * Stops the server as a crash would (immediate: no shutdown checkpoint) and starts it again on
   * the same port; what was committed or prepared must still be there.
   */
  synchronized void crashAndRestart() throws Exception {
    try {
      admin.close();
    } catch (SQLException ignored) {
      // The server goes down anyway.
    }
    run(
        List.of(
            bin.resolve("pg_ctl").toString(),
            "stop",
            "-D",
            data.toString(),
            "-m",
            "immediate",
            "-w",
            "-t",
            Long.toString(STOP_TIMEOUT_S)),
        STOP_TIMEOUT_S + 10,
        true);
    run(
        List.of(
            bin.resolve("pg_ctl").toString(),
            "start",
            "-D",
            data.toString(),
            "-l",
            home.resolve("server.log").toString(),
            "-w",
            "-t",
            Long.toString(START_TIMEOUT_S)),
        START_TIMEOUT_S + 10,
        true);
    admin = connect("postgres");
  }

  @Override
  public synchronized void close() {
    if (stopped) {
      return;
    }
    stopped = true;
    System.out.println(
        "stopping the test PostgreSQL cluster on port "
            + port
            + " ("
            + Thread.currentThread().getName()
            + ")");
    try {
      admin.close();
    } catch (SQLException ignored) {
      // Stopping the server closes it anyway.
    }
    try {
      // Immediate: the cluster is thrown away at the next start, so the shutdown checkpoint
      // (seconds
      // of syncing every test database's files) would buy nothing.
      run(
          List.of(
              bin.resolve("pg_ctl").toString(),
              "stop",
              "-D",
              data.toString(),
              "-m",
              "immediate",
              "-w",
              "-t",
              Long.toString(STOP_TIMEOUT_S)),
          STOP_TIMEOUT_S + 10,
          true);
    } catch (Exception e) {
      System.err.println(
          "the test PostgreSQL cluster in " + home + " did not stop: " + e.getMessage());
    }
  }

  static boolean onCi() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }

  private static boolean asRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  /** Runs a server command, as the postgres user when we are root; bounded by {@code timeoutS}. */
  private static void run(List<String> command, long timeoutS, boolean mustSucceed)
      throws IOException, InterruptedException {
    List<String> full = new ArrayList<>();
    if (asRoot()) {
      full.addAll(List.of("runuser", "-u", OS_USER, "--"));
    }
    full.addAll(command);
    Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
    // Read output on the side: pg_ctl start leaves the server holding inherited pipes otherwise.
    StringBuilder out = new StringBuilder();
    Thread reader =
        new Thread(
            () -> {
              try {
                out.append(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
              } catch (IOException ignored) {
                // The process died; its exit code tells the story.
              }
            });
    reader.setDaemon(true);
    reader.start();
    if (!p.waitFor(timeoutS, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException(String.join(" ", full) + " did not finish within " + timeoutS + " s");
    }
    reader.join(2000);
    if (mustSucceed && p.exitValue() != 0) {
      throw new IOException(
          String.join(" ", full) + " failed with exit code " + p.exitValue() + ": " + out);
    }
  }

  /**
   * Gives the cluster folder to the postgres user when we are root (the server will not run as
   * root).
   */
  private static void handOver(Path home) throws IOException, InterruptedException {
    if (!asRoot()) {
      return;
    }
    Process p =
        new ProcessBuilder("chown", "-R", OS_USER + ":" + OS_USER, home.toString())
            .inheritIO()
            .start();
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(
          "cannot hand "
              + home
              + " to the '"
              + OS_USER
              + "' user; does that user exist? (apt-get install postgresql creates it)");
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /**
   * Put on a PostgreSQL test class: skips it with a hint where PostgreSQL is not installed (but not
   * under CI, where a missing PostgreSQL must fail the build), and starts the cluster once for the
   * whole run, closing it when the run ends.
   */
  public static final class Extension implements ExecutionCondition, BeforeAllCallback {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      if (binaries().isPresent()) {
        return ConditionEvaluationResult.enabled("PostgreSQL binaries found");
      }
      if (onCi()) {
        return ConditionEvaluationResult.enabled(
            "CI=true: PostgreSQL tests must run, and will fail without PostgreSQL");
      }
      return ConditionEvaluationResult.disabled(
          "PostgreSQL tests skipped: no PostgreSQL server under "
              + BINARIES
              + "/*/bin; "
              + howToEnable());
    }

    @Override
    public void beforeAll(ExtensionContext context) {
      context
          .getRoot()
          .getStore(ExtensionContext.Namespace.GLOBAL)
          .getOrComputeIfAbsent(PostgresCluster.class, k -> get(), PostgresCluster.class);
    }
  }
}
