package org.msgstore.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A private PostgreSQL cluster for the ITs that run the adapter on a PostgreSQL store: initdb into
 * {@code target/postgres-it/<pid>}, its own loopback port, {@code max_prepared_transactions} for
 * XA, trust authentication for the {@value #USER} superuser, one database {@value #DATABASE}.
 * Started by a setup task before the adapter is configured, stopped after it is removed.
 *
 * <p>PostgreSQL refuses to run as root: then initdb, pg_ctl and createdb run as the {@code
 * postgres} system user (created by Debian's package) through {@code runuser}.
 *
 * <p>Client side only, like {@link TestSmtp}: never in a test war.
 */
public final class TestPostgres {
  public static final String USER = "msgstore";
  public static final String DATABASE = "msgstore_it";
  private static final String OS_USER = "postgres";
  private static final long TIMEOUT_S = 60;

  private static Path home;
  private static Path bin;
  private static int port;

  private TestPostgres() {}

  /** Where Debian puts each server version; the newest one with initdb and pg_ctl. */
  static Optional<Path> binaries() {
    Path root = Path.of(System.getProperty("msgstore.test.postgresql", "/usr/lib/postgresql"));
    if (!Files.isDirectory(root)) {
      return Optional.empty();
    }
    List<Path> found = new ArrayList<>();
    try (DirectoryStream<Path> versions = Files.newDirectoryStream(root)) {
      for (Path v : versions) {
        Path b = v.resolve("bin");
        if (Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl"))) {
          found.add(b);
        }
      }
    } catch (IOException e) {
      return Optional.empty();
    }
    return found.stream().max(Comparator.comparing(b -> b.getParent().getFileName().toString()));
  }

  /** Starts the cluster and creates the store database (no-op when running). */
  public static synchronized void start() throws IOException, InterruptedException {
    if (home != null) {
      return;
    }
    bin =
        binaries()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "no PostgreSQL server binaries; apt-get install postgresql"));
    Path dir =
        Path.of("target", "postgres-it", Long.toString(ProcessHandle.current().pid()))
            .toAbsolutePath();
    deleteTree(dir);
    Files.createDirectories(dir);
    if (asRoot()) {
      run(List.of("chown", "-R", OS_USER + ":" + OS_USER, dir.toString()), true);
    }
    Path data = dir.resolve("data");
    port = freePort();
    run(
        List.of(
            bin.resolve("initdb").toString(),
            "-D",
            data.toString(),
            "-U",
            USER,
            "--auth=trust",
            "--no-sync",
            "--encoding=UTF8",
            "--locale=C"),
        true);
    String conf =
        // Loopback only, no Unix socket (its default folder may belong to a system cluster).
        "\nport = "
            + port
            + "\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = ''"
            + "\nmax_prepared_transactions = 20\n";
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
            dir.resolve("server.log").toString(),
            "-w",
            "-t",
            Long.toString(TIMEOUT_S)),
        true);
    home = dir;
    Runtime.getRuntime().addShutdownHook(new Thread(TestPostgres::stop, "stop IT PostgreSQL"));
    run(
        List.of(
            bin.resolve("createdb").toString(),
            "-h",
            "127.0.0.1",
            "-p",
            Integer.toString(port),
            "-U",
            USER,
            DATABASE),
        true);
  }

  /** The JDBC URL of the store database. */
  public static synchronized String jdbcUrl() {
    if (home == null) {
      throw new IllegalStateException("the IT PostgreSQL cluster is not running");
    }
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
  }

  /** Runs one SQL query with psql on the store database and returns its single value. */
  public static synchronized String query(String sql) throws IOException, InterruptedException {
    return run(
            List.of(
                bin.resolve("psql").toString(),
                "-h",
                "127.0.0.1",
                "-p",
                Integer.toString(port),
                "-U",
                USER,
                "-d",
                DATABASE,
                "-At",
                "-c",
                sql),
            true)
        .strip();
  }

  /** Stops the cluster immediately (it is thrown away) and removes its folder. */
  public static synchronized void stop() {
    if (home == null) {
      return;
    }
    try {
      run(
          List.of(
              bin.resolve("pg_ctl").toString(),
              "stop",
              "-D",
              home.resolve("data").toString(),
              "-m",
              "immediate",
              "-w",
              "-t",
              "30"),
          false);
      deleteTree(home);
    } catch (IOException | InterruptedException e) {
      System.err.println(
          "the IT PostgreSQL cluster in " + home + " did not stop: " + e.getMessage());
    } finally {
      home = null;
    }
  }

  private static boolean asRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  /** Runs a command (as the postgres user when the tests run as root); returns its output. */
  private static String run(List<String> command, boolean mustSucceed)
      throws IOException, InterruptedException {
    List<String> full = new ArrayList<>();
    if (asRoot() && !command.get(0).equals("chown")) {
      full.addAll(List.of("runuser", "-u", OS_USER, "--"));
    }
    full.addAll(command);
    Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException(full + " did not finish within " + TIMEOUT_S + " s");
    }
    String text = new String(out, StandardCharsets.UTF_8);
    if (mustSucceed && p.exitValue() != 0) {
      throw new IOException(full + " failed with exit code " + p.exitValue() + ": " + text);
    }
    return text;
  }

  private static int freePort() {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return probe.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on 127.0.0.1 for the IT PostgreSQL cluster", e);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (var paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
