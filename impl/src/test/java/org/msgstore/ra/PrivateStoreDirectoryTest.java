package org.msgstore.ra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.msgstore.MessageStoreConnection;

/**
 * The embedded store's directory and files belong to the server's user alone: what {@code ls -l}
 * shows as {@code drwx------} and {@code -rw-------}, whatever the umask, also for a directory an
 * earlier version left open.
 */
class PrivateStoreDirectoryTest {
  @TempDir Path parent;
  private final List<LogRecord> logged = new ArrayList<>();
  private final Handler recorder =
      new Handler() {
        @Override
        public void publish(LogRecord r) {
          logged.add(r);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  /** Held here: a logger nobody references may be collected, and with it the handler added. */
  private final Logger raLog = Logger.getLogger("org.msgstore.ra");

  @BeforeEach
  void posixOnly() {
    assumeTrue(
        parent.getFileSystem().supportedFileAttributeViews().contains("posix"),
        "a file system with POSIX permissions");
    raLog.addHandler(recorder);
  }

  @AfterEach
  void stopRecording() {
    raLog.removeHandler(recorder);
  }

  @Test
  void a_new_store_directory_and_the_database_files_in_it_are_private_to_the_server_user()
      throws Exception {
    Path dir = parent.resolve("store");
    startUseAndStop(dir);

    assertEquals("rwx------", permissions(dir), "ls -ld: drwx------");
    Map<String, String> files = filePermissions(dir);
    assertTrue(files.containsKey("msgstore.mv.db"), files.toString());
    files.forEach((name, p) -> assertEquals("rw-------", p, "ls -l " + name + ": -rw-------"));
    assertFalse(logged.stream().anyMatch(r -> r.getMessage().startsWith("MSGS1055")));
  }

  @Test
  void a_directory_an_earlier_version_left_readable_by_others_is_made_private_with_a_warning()
      throws Exception {
    Path dir = parent.resolve("old-store");
    Files.createDirectory(dir);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path trace = Files.writeString(dir.resolve("msgstore.trace.db"), "left by an earlier run");
    Files.setPosixFilePermissions(trace, PosixFilePermissions.fromString("rw-r--r--"));

    startUseAndStop(dir);

    assertEquals("rwx------", permissions(dir));
    filePermissions(dir).forEach((name, p) -> assertEquals("rw-------", p, name));
    assertTrue(
        logged.stream()
            .anyMatch(
                r ->
                    r.getMessage().startsWith("MSGS1055")
                        && r.getMessage().contains("rwxr-xr-x")
                        && r.getMessage().contains(dir.toString())),
        "warned with its code, naming the directory and what it was");
  }

  private static void startUseAndStop(Path dir) throws Exception {
    MsgStoreResourceAdapter ra = new MsgStoreResourceAdapter();
    ra.setStoreDirectory(dir.toString());
    ra.setSpoolerEnabled(false);
    ra.start(FakeBootstrapContext.withNarayana());
    try {
      MsgStoreManagedConnectionFactory mcf = new MsgStoreManagedConnectionFactory();
      mcf.setResourceAdapter(ra);
      try (MessageStoreConnection c =
          ((org.msgstore.MessageStoreConnectionFactory) mcf.createConnectionFactory())
              .getConnection("alice")) {
        c.openFolder(org.msgstore.FolderKind.INBOX).getContentsTable();
      }
    } finally {
      ra.stop();
    }
  }

  private static String permissions(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  private static Map<String, String> filePermissions(Path dir) throws Exception {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> list = Files.list(dir)) {
      for (Path f : list.toList()) {
        files.put(f.getFileName().toString(), permissions(f));
      }
    }
    return files;
  }
}
