package org.msgstore.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.msgstore.testdb.MariaDbServer;

/**
 * The test-databases module's private MariaDB server on its own: it starts from the Debian binaries
 * in a folder of its own, the test user can create a database and use it, and closing it stops the
 * server. (The store suite uses one such server per JVM through {@link MariaDbCluster}.)
 */
@ExtendWith(MariaDbCluster.Extension.class)
class MariaDbServerTest {

  @Test
  void a_private_server_starts_creates_a_database_runs_statements_and_stops() throws Exception {
    Path home =
        Path.of(System.getProperty("basedir", "."))
            .toAbsolutePath()
            .resolve("target/mariadb-server-test/" + ProcessHandle.current().pid());
    MariaDbServer.removeLeftovers(home.getParent());
    MariaDbServer server = MariaDbServer.start(home);
    try {
      server.createDatabase("probe");
      server.sql("probe", "CREATE TABLE t (v INT) ENGINE=InnoDB");
      server.sql("probe", "INSERT INTO t VALUES (41), (1)");
      assertEquals("42", server.sql("probe", "SELECT SUM(v) FROM t"));
      String version = server.sql("", "SELECT VERSION()");
      assertTrue(version.contains("MariaDB"), version);
      assertTrue(Files.exists(home.resolve("mariadbd.pid")), "the server wrote its pid file");
    } finally {
      server.close();
    }
    assertFalse(Files.exists(home.resolve("mariadbd.pid")), "close() removed the pid file");
    assertThrows(
        IOException.class, () -> server.sql("", "SELECT 1"), "the server no longer answers");
    server.delete();
  }
}
