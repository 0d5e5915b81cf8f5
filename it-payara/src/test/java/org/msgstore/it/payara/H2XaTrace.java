package org.msgstore.it.payara;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The XA calls an H2 database's trace file ({@code TRACE_LEVEL_FILE=3}) records as SQL: each
 * branch's {@code PREPARE COMMIT} and {@code COMMIT TRANSACTION}, which show how the transaction
 * manager committed it. Read in the server's JVM or the test JVM (the same files).
 */
final class H2XaTrace {
  private H2XaTrace() {}

  /** Asserts the statements are exactly a prepare and a commit of one Xid; returns that Xid. */
  static String preparedThenCommitted(List<String> statements, String resource) {
    assertEquals(2, statements.size(), "XA statements of the " + resource + ": " + statements);
    String xid = statements.get(0).substring("PREPARE COMMIT ".length());
    assertEquals(
        List.of("PREPARE COMMIT " + xid, "COMMIT TRANSACTION " + xid), statements, resource);
    return xid;
  }

  static List<String> lines(Path file) throws IOException {
    return Files.exists(file) ? Files.readAllLines(file) : List.of();
  }

  /**
   * "PREPARE COMMIT XID|…" and "COMMIT TRANSACTION XID|…" from the trace's executed-SQL lines
   * ({@code /*SQL …*}{@code /PREPARE COMMIT \"XID|format|branch|global\";}).
   */
  static List<String> xaStatements(List<String> trace) {
    List<String> found = new ArrayList<>();
    for (String line : trace) {
      if (!line.startsWith("/*SQL")) {
        continue;
      }
      for (String verb : List.of("PREPARE COMMIT", "COMMIT TRANSACTION")) {
        int at = line.indexOf(verb + " ");
        int xid = line.indexOf("XID|", at);
        if (at >= 0 && xid >= 0) {
          int end = xid;
          while (end < line.length() && line.charAt(end) != '\\' && line.charAt(end) != '"') {
            end++;
          }
          found.add(verb + " " + line.substring(xid, end));
        }
      }
    }
    return found;
  }
}
