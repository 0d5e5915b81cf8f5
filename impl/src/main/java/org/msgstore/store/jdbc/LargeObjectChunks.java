package org.msgstore.store.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Reads a PostgreSQL large object as a stream of {@code lo_get(oid, offset, length)} calls, so at
 * most one chunk is in memory. Needs no open transaction and no large-object descriptor: each chunk
 * is a statement of its own on the caller's connection.
 */
final class LargeObjectChunks extends InputStream {
  private final Connection connection;
  private final long oid;
  private final int chunkBytes;
  private PreparedStatement statement;
  private byte[] chunk = new byte[0];
  private int position;
  private long offset;
  private boolean end;

  LargeObjectChunks(Connection connection, long oid, int chunkBytes) {
    this.connection = connection;
    this.oid = oid;
    this.chunkBytes = chunkBytes;
  }

  @Override
  public int read() throws IOException {
    return fill() ? chunk[position++] & 0xff : -1;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (!fill()) {
      return -1;
    }
    int n = Math.min(len, chunk.length - position);
    System.arraycopy(chunk, position, b, off, n);
    position += n;
    return n;
  }

  @Override
  public int available() {
    return chunk.length - position;
  }

  /** Makes sure unread bytes are buffered; false at the end of the object. */
  private boolean fill() throws IOException {
    if (position < chunk.length) {
      return true;
    }
    if (end) {
      return false;
    }
    try {
      if (statement == null) {
        statement =
            connection.prepareStatement(
                """
                SELECT lo_get(CAST(? AS oid), ?, ?)
                """);
      }
      statement.setLong(1, oid);
      statement.setLong(2, offset);
      statement.setInt(3, chunkBytes);
      try (ResultSet rs = statement.executeQuery()) {
        chunk = rs.next() ? rs.getBytes(1) : null;
      }
    } catch (SQLException e) {
      throw new IOException(
          "reading large object " + oid + " at byte " + offset + " failed: " + e.getMessage(), e);
    }
    if (chunk == null) {
      chunk = new byte[0];
    }
    position = 0;
    offset += chunk.length;
    end = chunk.length < chunkBytes;
    return chunk.length > 0;
  }

  @Override
  public void close() throws IOException {
    end = true;
    chunk = new byte[0];
    position = 0;
    if (statement != null) {
      try {
        statement.close();
      } catch (SQLException e) {
        throw new IOException(e);
      } finally {
        statement = null;
      }
    }
  }
}
