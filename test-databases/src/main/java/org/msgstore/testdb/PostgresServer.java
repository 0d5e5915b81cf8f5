package org.msgstore.testdb;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A private PostgreSQL cluster for tests: initdb into a folder of its own, its own loopback port
 * (no Unix socket), {@code max_prepared_transactions} for XA, trust authentication for the {@value
 * #ADMIN} superuser. Started from the server binaries of Debian's {@code postgresql} package, which
 * the build installs ({@code .ci/run}); nothing is assumed to be running.
 */
public final class PostgresServer implements AutoCloseable {
  /** The superuser, with trust authentication on loopback. */
  public static final String ADMIN = "msgstore";

  /**
   * Where Debian puts each server version ({@code <version>/bin}); a property may point elsewhere.
   */
  public static final Path BINARIES =
      Path.of(System.getProperty("msgstore.test.postgresql", "/usr/lib/postgresql"));

  private static final long START_TIMEOUT_S = 60;
  private static final long STOP_TIMEOUT_S = 30;

  private final ServerCommands commands = new ServerCommands("postgres");
  private final Path bin;
  private final Path home;
  private final int port;

  private PostgresServer(Path bin, Path home, int port) {
    this.bin = bin;
    this.home = home;
    this.port = port;
  }

  /** The newest installed server version's {@code bin} folder with initdb and pg_ctl. */
  public static Optional<Path> binaries() {
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
    return found.stream().max(Comparator.comparing(PostgresServer::majorVersion));
  }

  private static int majorVersion(Path bin) {
    try {
      return Integer.parseInt(bin.getParent().getFileName().toString());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** What a developer does to run the PostgreSQL tests where they were skipped. */
  public static String howToInstall() {
    return "no PostgreSQL server binaries under "
        + BINARIES
        + "/*/bin; install PostgreSQL to run the PostgreSQL tests (apt-get install postgresql)";
  }

  /** Under CI ({@code CI=true}) database tests must run: a missing server fails them. */
  public static boolean onCi() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }

  /**
   * Creates a new cluster in {@code home} (which must not hold one) and starts it.
   *
   * @throws IllegalStateException when no server binaries are installed
   */
  public static PostgresServer start(Path home) throws IOException, InterruptedException {
    Path bin = binaries().orElseThrow(() -> new IllegalStateException(howToInstall()));
    Files.createDirectories(home);
    PostgresServer server = new PostgresServer(bin, home, ServerCommands.freeLoopbackPort());
    server.commands.handOver(home);
    server.initdb();
    server.pgCtlStart();
    return server;
  }

  /**
   * Stops and removes the clusters under {@code parent} whose test JVM is gone (an aborted run).
   * Each JVM names its cluster folder after its process id, so parallel forks never share one.
   */
  public static void removeLeftovers(Path parent) throws IOException, InterruptedException {
    Optional<Path> bin = binaries();
    if (bin.isEmpty()) {
      return;
    }
    ServerCommands.removeLeftovers(
        parent,
        home -> {
          PostgresServer leftover = new PostgresServer(bin.get(), home, 0);
          if (Files.exists(leftover.data().resolve("postmaster.pid"))) {
            leftover.pgCtlStop(false);
          }
        });
  }

  public int port() {
    return port;
  }

  public Path home() {
    return home;
  }

  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  /** Creates a database owned by {@value #ADMIN} with the {@code createdb} tool. */
  public void createDatabase(String name) throws IOException, InterruptedException {
    commands.run(
        List.of(
            tool("createdb"), "-h", "127.0.0.1", "-p", Integer.toString(port), "-U", ADMIN, name),
        START_TIMEOUT_S,
        true);
  }

  /** Runs one SQL statement with psql and returns its unaligned, tuples-only output, stripped. */
  public String psql(String database, String sql) throws IOException, InterruptedException {
    return commands
        .run(
            List.of(
                tool("psql"),
                "-h",
                "127.0.0.1",
                "-p",
                Integer.toString(port),
                "-U",
                ADMIN,
                "-d",
                database,
                "-At",
                "-c",
                sql),
            START_TIMEOUT_S,
            true)
        .strip();
  }

  /**
   * Stops the server as a crash would (immediate: no shutdown checkpoint) and starts it again on
   * the same port; what was committed or prepared must still be there.
   */
  public synchronized void crashAndRestart() throws IOException, InterruptedException {
    pgCtlStop(true);
    pgCtlStart();
  }

  /**
   * Stops the server immediately: a test cluster is thrown away, so the shutdown checkpoint
   * (seconds of syncing every test database's files) would buy nothing.
   */
  @Override
  public synchronized void close() throws IOException, InterruptedException {
    pgCtlStop(true);
  }

  /** Removes the cluster's folder; after {@link #close()}. */
  public void delete() throws IOException {
    ServerCommands.deleteTree(home);
  }

  private Path data() {
    return home.resolve("data");
  }

  private String tool(String name) {
    return bin.resolve(name).toString();
  }

  private void initdb() throws IOException, InterruptedException {
    commands.run(
        List.of(
            tool("initdb"),
            "-D",
            data().toString(),
            "-U",
            ADMIN,
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C",
            "--no-sync"),
        120,
        true);
    // Loopback only, no Unix socket (its default folder may not exist or belong to a system
    // cluster). fsync off: a test cluster must survive the server process dying (crash tests stop
    // it with -m immediate), which the WAL in the kernel's page cache ensures, not a power cut;
    // it halves CREATE DATABASE (0.58 -> 0.29 s here), which every store test does.
    String conf =
        String.join(
            "\n",
            "",
            "listen_addresses = '127.0.0.1'",
            "port = " + port,
            "unix_socket_directories = ''",
            "max_prepared_transactions = 20",
            "max_connections = 200",
            "fsync = off",
            "");
    Files.writeString(
        data().resolve("postgresql.conf"), conf, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
  }

  private void pgCtlStart() throws IOException, InterruptedException {
    commands.run(
        List.of(
            tool("pg_ctl"),
            "start",
            "-D",
            data().toString(),
            "-l",
            home.resolve("server.log").toString(),
            "-w",
            "-t",
            Long.toString(START_TIMEOUT_S)),
        START_TIMEOUT_S + 10,
        true);
  }

  private void pgCtlStop(boolean mustSucceed) throws IOException, InterruptedException {
    commands.run(
        List.of(
            tool("pg_ctl"),
            "stop",
            "-D",
            data().toString(),
            "-m",
            "immediate",
            "-w",
            "-t",
            Long.toString(STOP_TIMEOUT_S)),
        STOP_TIMEOUT_S + 10,
        mustSucceed);
  }
}
