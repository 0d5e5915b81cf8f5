package org.msgstore.store.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Attachment content read as a stream of chunks, one query each on the caller's connection, so at
 * most one chunk is in memory: for databases whose driver would otherwise hold the whole value. A
 * subclass says how the chunk at an offset is fetched and where the content ends; the statement is
 * prepared once and closed with the stream.
 */
abstract class ChunkedContent extends InputStream {
  private static final byte[] NONE = new byte[0];

  private final Connection connection;
  private final String sql;
  private PreparedStatement statement;
  private byte[] chunk = NONE;
  private int position;
  private long offset;
  private boolean end;

  ChunkedContent(Connection connection, String sql) {
    this.connection = connection;
    this.sql = sql;
  }

  /**
   * The chunk that starts at byte {@code offset}, read with {@code statement}; null or empty at the
   * end of the content.
   */
  abstract byte[] chunkAt(PreparedStatement statement, long offset)
      throws SQLException, IOException;

  /** What the content is and where, for the error when a chunk cannot be read. */
  abstract String describe(long offset);

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

  /** Makes sure unread bytes are buffered; false at the end of the content. */
  private boolean fill() throws IOException {
    if (position < chunk.length) {
      return true;
    }
    if (end) {
      return false;
    }
    byte[] next;
    try {
      if (statement == null) {
        statement = connection.prepareStatement(sql);
      }
      next = chunkAt(statement, offset);
    } catch (SQLException e) {
      throw new IOException(describe(offset) + " failed: " + e.getMessage(), e);
    }
    if (next == null || next.length == 0) {
      end = true;
      chunk = NONE;
      return false;
    }
    chunk = next;
    position = 0;
    offset += next.length;
    return true;
  }

  @Override
  public void close() throws IOException {
    end = true;
    chunk = NONE;
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
