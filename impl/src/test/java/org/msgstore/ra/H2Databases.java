package org.msgstore.ra;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.UUID;
import javax.sql.XAConnection;
import org.h2.jdbcx.JdbcDataSource;

/** Fresh H2 file databases under target/, one per test, durable like the embedded default. */
final class H2Databases {
  private H2Databases() {}

  static Path newDirectory(String prefix) {
    return Path.of("target", "h2", prefix + "-" + UUID.randomUUID()).toAbsolutePath();
  }

  /** The URL of database {@code name} in {@code directory}, each commit written through. */
  static String url(Path directory, String name) {
    return "jdbc:h2:file:" + directory.resolve(name) + ";WRITE_DELAY=0";
  }

  static JdbcDataSource dataSource(Path directory, String name) {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL(url(directory, name));
    ds.setUser("");
    ds.setPassword("");
    return ds;
  }

  static XAConnection xaConnection(JdbcDataSource ds) {
    try {
      return ds.getXAConnection();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
