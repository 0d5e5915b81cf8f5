package org.msgstore.testdb;

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
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs a database server's command-line tools for the tests. Servers such as PostgreSQL refuse to
 * run as root: when the tests run as root, each command runs as the server's system user (created
 * by its Debian package) through {@code runuser}, and folders are handed to that user.
 */
final class ServerCommands {
  private final String osUser;

  ServerCommands(String osUser) {
    this.osUser = osUser;
  }

  static boolean asRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  /**
   * Runs a command, bounded by {@code timeoutS}; returns its output (stdout and stderr). Output is
   * read on the side: a server started by the command keeps the inherited pipes open.
   */
  String run(List<String> command, long timeoutS, boolean mustSucceed)
      throws IOException, InterruptedException {
    List<String> full = new ArrayList<>();
    if (asRoot()) {
      full.addAll(List.of("runuser", "-u", osUser, "--"));
    }
    full.addAll(command);
    Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
    StringBuffer out = new StringBuffer();
    Thread reader =
        new Thread(
            () -> {
              try {
                out.append(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
              } catch (IOException ignored) {
                // The process died; its exit code tells the story.
              }
            },
            "read " + command.get(0));
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
    return out.toString();
  }

  /** Gives a folder to the server's user when we are root (the server will not run as root). */
  void handOver(Path dir) throws IOException, InterruptedException {
    if (!asRoot()) {
      return;
    }
    Process p = new ProcessBuilder("chown", "-R", osUser + ":" + osUser, dir.toString()).start();
    p.getInputStream().transferTo(System.err);
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(
          "cannot hand "
              + dir
              + " to the '"
              + osUser
              + "' user; does that user exist? (the server's Debian package creates it)");
    }
  }

  /** Stops the server found in a leftover folder (its JVM is gone); the folder is removed after. */
  @FunctionalInterface
  interface LeftoverStop {
    void stop(Path home) throws IOException, InterruptedException;
  }

  /**
   * Stops and removes the server folders under {@code parent} whose test JVM is gone (an aborted
   * run). Each JVM names its server folder after its process id, so parallel forks never share one.
   */
  static void removeLeftovers(Path parent, LeftoverStop stop)
      throws IOException, InterruptedException {
    if (!Files.isDirectory(parent)) {
      return;
    }
    try (DirectoryStream<Path> homes = Files.newDirectoryStream(parent)) {
      for (Path home : homes) {
        if (!ownerAlive(home)) {
          stop.stop(home);
          deleteTree(home);
        }
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

  static int freeLoopbackPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  static void deleteTree(Path root) throws IOException {
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
}
