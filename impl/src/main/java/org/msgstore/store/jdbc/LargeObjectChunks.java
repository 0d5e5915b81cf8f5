package org.msgstore.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Reads a PostgreSQL large object as a stream of {@code lo_get(oid, offset, length)} calls, so at
 * most one chunk is in memory. Needs no open transaction and no large-object descriptor: each chunk
 * is a statement of its own on the caller's connection.
 */
final class LargeObjectChunks extends ChunkedContent {
  private final long oid;
  private final int chunkBytes;
  private boolean last;

  LargeObjectChunks(Connection connection, long oid, int chunkBytes) {
    super(
        connection,
        """
        SELECT lo_get(CAST(? AS oid), ?, ?)
        """);
    this.oid = oid;
    this.chunkBytes = chunkBytes;
  }

  /** A chunk shorter than asked for is the object's last. */
  @Override
  byte[] chunkAt(PreparedStatement statement, long offset) throws SQLException {
    if (last) {
      return null;
    }
    statement.setLong(1, oid);
    statement.setLong(2, offset);
    statement.setInt(3, chunkBytes);
    byte[] chunk;
    try (ResultSet rs = statement.executeQuery()) {
      chunk = rs.next() ? rs.getBytes(1) : null;
    }
    last = chunk == null || chunk.length < chunkBytes;
    return chunk;
  }

  @Override
  String describe(long offset) {
    return "reading large object " + oid + " at byte " + offset;
  }
}
