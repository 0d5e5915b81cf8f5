package org.msgstore.store.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Reads the LONGBLOB content of one attachment row as a stream of {@code SUBSTRING} queries, so at
 * most one chunk is in memory (MariaDB's driver reads a row whole). Each chunk is a statement of
 * its own on the caller's connection, by the row's key; a row removed meanwhile ends the stream
 * with an error rather than short.
 */
final class BlobChunks extends InputStream {
  private final Connection connection;
  private final long messageId;
  private final int attachNum;
  private final long length;
  private final int chunkBytes;
  private PreparedStatement statement;
  private byte[] chunk = new byte[0];
  private int position;
  private long offset;

  BlobChunks(Connection connection, long messageId, int attachNum, long length, int chunkBytes) {
    this.connection = connection;
    this.messageId = messageId;
    this.attachNum = attachNum;
    this.length = length;
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

  /** Makes sure unread bytes are buffered; false at the end of the content. */
  private boolean fill() throws IOException {
    if (position < chunk.length) {
      return true;
    }
    if (offset >= length) {
      return false;
    }
    try {
      if (statement == null) {
        statement =
            connection.prepareStatement(
                """
                SELECT SUBSTRING(content, ?, ?)
                  FROM attachment
                 WHERE message_id = ?
                   AND attach_num = ?
                """);
      }
      statement.setLong(1, offset + 1); // SUBSTRING counts from 1
      statement.setInt(2, chunkBytes);
      statement.setLong(3, messageId);
      statement.setInt(4, attachNum);
      try (ResultSet rs = statement.executeQuery()) {
        chunk = rs.next() ? rs.getBytes(1) : null;
      }
    } catch (SQLException e) {
      throw new IOException(failure() + ": " + e.getMessage(), e);
    }
    if (chunk == null || chunk.length == 0) {
      chunk = new byte[0];
      throw new IOException(failure() + ": the attachment is gone or shorter than " + length);
    }
    position = 0;
    offset += chunk.length;
    return true;
  }

  private String failure() {
    return "reading attachment "
        + attachNum
        + " of message "
        + messageId
        + " at byte "
        + offset
        + " failed";
  }

  @Override
  public void close() throws IOException {
    offset = length;
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
