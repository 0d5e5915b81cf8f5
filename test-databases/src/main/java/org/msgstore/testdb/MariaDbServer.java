package org.msgstore.testdb;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A private MariaDB server for tests: {@code mariadb-install-db} into a folder of its own, then
 * {@code mariadbd} in the background on its own loopback port, with a user {@value #ADMIN} (no
 * password, loopback only) that may do everything, creating databases included. Started from the
 * binaries of Debian's {@code mariadb-server} package, which the build installs ({@code .ci/run});
 * nothing is assumed to be running, and the system service is never used.
 */
public final class MariaDbServer implements AutoCloseable {
  /** The test user: every privilege, no password, from 127.0.0.1 only. */
  public static final String ADMIN = "msgstore";

  /** Where Debian puts the server; a property may point elsewhere. */
  public static final Path SERVER =
      Path.of(System.getProperty("msgstore.test.mariadbd", "/usr/sbin/mariadbd"));

  /** Where Debian puts the client tools (mariadb-install-db, mariadb). */
  public static final Path TOOLS =
      Path.of(System.getProperty("msgstore.test.mariadb.tools", "/usr/bin"));

  private static final long START_TIMEOUT_S = 60;
  private static final long STOP_TIMEOUT_S = 30;
  private static final long POLL_MS = 100;

  /** A Unix socket path longer than this does not fit the kernel's sockaddr_un. */
  private static final int MAX_SOCKET_PATH = 100;

  private final ServerCommands commands = new ServerCommands("mysql");
  private final Path home;
  private final int port;

  private MariaDbServer(Path home, int port) {
    this.home = home;
    this.port = port;
  }

  /** Whether the server and its tools are installed. */
  public static boolean installed() {
    return Files.isExecutable(SERVER)
        && Files.isExecutable(TOOLS.resolve("mariadb-install-db"))
        && Files.isExecutable(TOOLS.resolve("mariadb"));
  }

  /** What a developer does to run the MariaDB tests where they were skipped. */
  public static String howToInstall() {
    return "no MariaDB server at "
        + SERVER
        + " (or no mariadb-install-db / mariadb in "
        + TOOLS
        + "); install MariaDB to run the MariaDB tests (apt-get install mariadb-server; the tests"
        + " start a private server of their own, the system service may stay stopped)";
  }

  /**
   * Creates a new data folder in {@code home} (which must not hold one) and starts a server on it.
   *
   * @throws IllegalStateException when the server is not installed
   */
  public static MariaDbServer start(Path home) throws IOException, InterruptedException {
    if (!installed()) {
      throw new IllegalStateException(howToInstall());
    }
    Files.createDirectories(home);
    MariaDbServer server = new MariaDbServer(home, ServerCommands.freeLoopbackPort());
    server.writeInitFile();
    server.commands.handOver(home);
    server.installDb();
    server.startServer();
    return server;
  }

  /**
   * Stops and removes the servers under {@code parent} whose test JVM is gone (an aborted run).
   * Each JVM names its server folder after its process id, so parallel forks never share one.
   */
  public static void removeLeftovers(Path parent) throws IOException, InterruptedException {
    ServerCommands.removeLeftovers(parent, home -> new MariaDbServer(home, 0).kill());
  }

  public int port() {
    return port;
  }

  public Path home() {
    return home;
  }

  public String jdbcUrl(String database) {
    return "jdbc:mariadb://127.0.0.1:" + port + "/" + database;
  }

  /** Creates a database the {@value #ADMIN} user may use. */
  public void createDatabase(String name) throws IOException, InterruptedException {
    sql("", "CREATE DATABASE " + name);
  }

  /**
   * Runs SQL with the {@code mariadb} client in {@code database} (empty: none) and returns its
   * tab-separated output without column names, stripped.
   */
  public String sql(String database, String sql) throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of(
                TOOLS.resolve("mariadb").toString(),
                "--no-defaults",
                "--protocol=TCP",
                "-h",
                "127.0.0.1",
                "-P",
                Integer.toString(port),
                "-u",
                ADMIN,
                "-N",
                "-B",
                "-e",
                sql));
    if (!database.isEmpty()) {
      command.add(database);
    }
    return commands.run(command, START_TIMEOUT_S, true).strip();
  }

  /**
   * Stops the server as a crash would (SIGKILL): a test server is thrown away, so a clean shutdown
   * (flushing every test database's pages) would buy nothing, and InnoDB recovers from its log.
   */
  @Override
  public synchronized void close() throws IOException, InterruptedException {
    kill();
  }

  /** Removes the server's folder; after {@link #close()}. */
  public void delete() throws IOException {
    ServerCommands.deleteTree(home);
  }

  private Path data() {
    return home.resolve("data");
  }

  private Path pidFile() {
    return home.resolve("mariadbd.pid");
  }

  private Path initFile() {
    return home.resolve("init.sql");
  }

  /**
   * The server must have a Unix socket; in the home folder when its path is short enough, else in
   * the temporary folder, named by the port (unique while the server runs).
   */
  private Path socket() {
    Path inHome = home.toAbsolutePath().resolve("mariadbd.sock");
    return inHome.toString().length() <= MAX_SOCKET_PATH
        ? inHome
        : Path.of(System.getProperty("java.io.tmpdir"), "msgstore-mariadb-" + port + ".sock");
  }

  /**
   * Run by the server at every start: the test user. mariadb-install-db only makes root@localhost,
   * which with skip-name-resolve answers on the Unix socket only, and the tests connect over TCP.
   */
  private void writeInitFile() throws IOException {
    Files.writeString(
        initFile(),
        String.join(
            "\n",
            "CREATE USER IF NOT EXISTS '" + ADMIN + "'@'127.0.0.1';",
            "GRANT ALL PRIVILEGES ON *.* TO '" + ADMIN + "'@'127.0.0.1' WITH GRANT OPTION;",
            ""),
        StandardCharsets.UTF_8);
  }

  private void installDb() throws IOException, InterruptedException {
    commands.run(
        List.of(
            TOOLS.resolve("mariadb-install-db").toString(),
            "--no-defaults",
            "--datadir=" + data().toAbsolutePath(),
            "--auth-root-authentication-method=normal",
            "--skip-test-db"),
        120,
        true);
  }

  /**
   * Starts mariadbd in the background and waits until the test user can run a statement. Test
   * settings: no binary log; the redo log written but not synced at each commit (the server process
   * may die, as {@link #close()} makes it, the machine does not); no doublewrite buffer; a small
   * buffer pool.
   */
  private void startServer() throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    if (ServerCommands.asRoot()) {
      command.addAll(List.of("runuser", "-u", "mysql", "--"));
    }
    command.addAll(
        List.of(
            SERVER.toString(),
            "--no-defaults",
            "--datadir=" + data().toAbsolutePath(),
            "--socket=" + socket(),
            "--port=" + port,
            "--bind-address=127.0.0.1",
            "--skip-name-resolve",
            "--pid-file=" + pidFile().toAbsolutePath(),
            "--log-error=" + home.toAbsolutePath().resolve("server.log"),
            "--init-file=" + initFile().toAbsolutePath(),
            "--skip-log-bin",
            "--innodb-flush-log-at-trx-commit=2",
            "--innodb-doublewrite=0",
            "--innodb-buffer-pool-size=128M",
            "--max-connections=300",
            "--max-allowed-packet=1G"));
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(home.resolve("console.log").toFile())
            .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_S);
    String last = "";
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new IOException(
            "mariadbd exited with code "
                + p.exitValue()
                + " while starting; see "
                + home.resolve("server.log"));
      }
      try {
        sql("", "SELECT 1");
        return;
      } catch (IOException notYet) {
        last = notYet.getMessage();
      }
      // Waiting on the process, not sleeping: a server that dies meanwhile is noticed at once.
      p.waitFor(POLL_MS, TimeUnit.MILLISECONDS);
    }
    kill();
    throw new IOException(
        "mariadbd did not answer within " + START_TIMEOUT_S + " s (" + last + "); see " + home);
  }

  /** Kills the server named in the pid file, if it runs, and waits until it is gone. */
  private void kill() throws IOException, InterruptedException {
    Path pidFile = pidFile();
    if (!Files.exists(pidFile)) {
      return;
    }
    long pid;
    try {
      pid = Long.parseLong(Files.readString(pidFile, StandardCharsets.US_ASCII).strip());
    } catch (NumberFormatException e) {
      return;
    }
    Optional<ProcessHandle> server = ProcessHandle.of(pid);
    if (server.isPresent()
        && server.get().info().command().orElse("mariadbd").endsWith("mariadbd")) {
      server.get().destroyForcibly();
      try {
        server.get().onExit().get(STOP_TIMEOUT_S, TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        throw new IOException("mariadbd " + pid + " did not stop within " + STOP_TIMEOUT_S + " s");
      }
    }
    Files.deleteIfExists(pidFile);
  }
}
