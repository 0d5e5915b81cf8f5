package org.msgstore.store.jdbc;

import java.io.IOException;
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
final class BlobChunks extends ChunkedContent {
  private final long messageId;
  private final int attachNum;
  private final long length;
  private final int chunkBytes;

  BlobChunks(Connection connection, long messageId, int attachNum, long length, int chunkBytes) {
    super(
        connection,
        """
        SELECT SUBSTRING(content, ?, ?)
          FROM attachment
         WHERE message_id = ?
           AND attach_num = ?
        """);
    this.messageId = messageId;
    this.attachNum = attachNum;
    this.length = length;
    this.chunkBytes = chunkBytes;
  }

  /** The content ends at its known length; a missing chunk before that is an error. */
  @Override
  byte[] chunkAt(PreparedStatement statement, long offset) throws SQLException, IOException {
    if (offset >= length) {
      return null;
    }
    statement.setLong(1, offset + 1); // SUBSTRING counts from 1
    statement.setInt(2, chunkBytes);
    statement.setLong(3, messageId);
    statement.setInt(4, attachNum);
    byte[] chunk;
    try (ResultSet rs = statement.executeQuery()) {
      chunk = rs.next() ? rs.getBytes(1) : null;
    }
    if (chunk == null || chunk.length == 0) {
      throw new IOException(
          describe(offset) + " failed: the attachment is gone or shorter than " + length);
    }
    return chunk;
  }

  @Override
  String describe(long offset) {
    return "reading attachment " + attachNum + " of message " + messageId + " at byte " + offset;
  }
}
