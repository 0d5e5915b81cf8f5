package org.msgstore.store.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;

/**
 * Writes a stream into a new PostgreSQL large object with the server's SQL functions: {@code
 * lo_from_bytea(0, first chunk)} creates it, {@code lo_put(oid, offset, chunk)} appends the rest,
 * so at most one chunk is in memory.
 *
 * <p>Plain statements, not the driver's large-object API: that API refuses to work whenever the
 * connection reports auto-commit, and a connection in an XA branch does (pgjdbc's {@code
 * PGXAConnection.start} opens the branch with {@code BEGIN} and leaves the flag set, and forbids
 * changing it while the branch is active). The functions run in whatever transaction the server has
 * open. The caller makes sure there is one (see {@link PostgresDialect#bindContent}).
 */
final class LargeObjectWriter {
  private final Connection connection;
  private final int chunkBytes;

  LargeObjectWriter(Connection connection, int chunkBytes) {
    this.connection = connection;
    this.chunkBytes = chunkBytes;
  }

  /** Copies all of {@code content} into a new large object and returns its oid. */
  long write(InputStream content, long expectedSize) throws SQLException {
    byte[] buffer = new byte[chunkBytes];
    long oid;
    long written;
    try {
      int n = content.readNBytes(buffer, 0, chunkBytes);
      oid = create(exactly(buffer, n));
      written = n;
      try (PreparedStatement put =
          connection.prepareStatement(
              """
              SELECT lo_put(CAST(? AS oid), ?, ?)
              """)) {
        while ((n = content.readNBytes(buffer, 0, chunkBytes)) > 0) {
          put.setLong(1, oid);
          put.setLong(2, written);
          put.setBytes(3, exactly(buffer, n));
          try (ResultSet ignored = put.executeQuery()) {
            // lo_put returns void; the row only says the statement ran.
          }
          written += n;
        }
      }
    } catch (IOException e) {
      throw new SQLException("attachment content could not be read: " + e.getMessage(), e);
    }
    if (written != expectedSize) {
      // The object is part of the caller's transaction, which this failure rolls back.
      throw new SQLException(
          "attachment content was " + written + " bytes, expected " + expectedSize);
    }
    return oid;
  }

  private long create(byte[] firstChunk) throws SQLException {
    try (PreparedStatement create =
        connection.prepareStatement(
            """
            SELECT lo_from_bytea(0, ?)
            """)) {
      create.setBytes(1, firstChunk);
      try (ResultSet rs = create.executeQuery()) {
        if (!rs.next()) {
          throw new SQLException("lo_from_bytea returned no large object");
        }
        return rs.getLong(1);
      }
    }
  }

  /**
   * The first {@code n} bytes: the driver sends a whole array, and only the last chunk is short.
   */
  private static byte[] exactly(byte[] buffer, int n) {
    return n == buffer.length ? buffer : Arrays.copyOf(buffer, n);
  }
}
