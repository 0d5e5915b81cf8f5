package org.msgstore.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Narayana's TRACE lines in server.log, read in the server's JVM by the tests that show how the
 * transaction manager committed (the loggers are set by the class's setup task).
 */
final class NarayanaTrace {
  private NarayanaTrace() {}

  /** The server's log file (the in-server tests run in its JVM). */
  static Path serverLog() {
    return Path.of(System.getProperty("jboss.server.log.dir"), "server.log");
  }

  /** The lines {@code work} caused: those logged while it ran. */
  static List<String> linesDuring(Work work) throws Exception {
    int before = Files.readAllLines(serverLog()).size();
    work.run();
    return Files.readAllLines(serverLog()).stream().skip(before).toList();
  }

  /** The jndiName=… IronJacamar's resource wrappers show in Narayana's trace line. */
  static String jndiName(String line) {
    int start = line.indexOf("jndiName=") + "jndiName=".length();
    int end = line.indexOf(']', start);
    return start < "jndiName=".length() || end < 0 ? line : line.substring(start, end);
  }

  /** A transaction the test runs. */
  @FunctionalInterface
  interface Work {
    void run() throws Exception;
  }
}
