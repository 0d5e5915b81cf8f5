package org.msgstore.store.jdbc;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Attachment rows; content goes in and out as streams so it is never held whole in memory. */
public final class AttachmentRepository {
  private final Dialect dialect;

  private final String contentColumns;
  private final String contentParameters;
  private final String contentSelection;
  private final String listing;

  /**
   * Content up to this size is read with the attachment list: what a typical logo, invoice or
   * calendar file is, while a message with many attachments still lists in a few hundred KiB.
   */
  static final int LISTED_CONTENT_BYTES = 16 * 1024;

  /** At most this much content of one message is kept from its listing. */
  static final int LISTED_CONTENT_BUDGET = 256 * 1024;

  public AttachmentRepository(Dialect dialect) {
    this.dialect = dialect;
    this.contentColumns = String.join(", ", dialect.contentColumns());
    this.contentSelection =
        String.join(
            ", ", dialect.contentColumns().stream().map(dialect::contentReference).toList());
    this.listing =
        """
        SELECT attach_num, file_name, mime_type, size_bytes, %s
          FROM attachment
         WHERE message_id = ?
         ORDER BY attach_num
        """
            .formatted(dialect.listedContent(LISTED_CONTENT_BYTES));
    this.contentParameters =
        String.join(", ", Collections.nCopies(dialect.contentColumns().size(), "?"));
  }

  public void insert(Connection c, long messageId, AttachmentRecord a, InputStream content)
      throws SQLException {
    int count =
        Jdbc.update(
            c,
            """
            INSERT INTO attachment (message_id, attach_num, file_name, mime_type, size_bytes, %s)
            VALUES (?, ?, ?, ?, ?, %s)
            """
                .formatted(contentColumns, contentParameters),
            ps -> {
              ps.setLong(1, messageId);
              ps.setInt(2, a.number());
              ps.setString(3, a.fileName());
              ps.setString(4, a.mimeType());
              ps.setLong(5, a.size());
              dialect.bindContent(c, ps, 6, content, a.size());
            });
    Jdbc.expectOne(count, "insert attachment", a.number());
  }

  public void delete(Connection c, long messageId, int number) throws SQLException {
    Jdbc.update(
        c,
        """
        DELETE FROM attachment
         WHERE message_id = ?
           AND attach_num = ?
        """,
        ps -> {
          ps.setLong(1, messageId);
          ps.setInt(2, number);
        });
  }

  /**
   * Copies every attachment of one message to another inside the database, without streaming
   * through Java.
   */
  public void copyAll(Connection c, long fromMessageId, long toMessageId) throws SQLException {
    Jdbc.update(
        c,
        """
        INSERT INTO attachment (message_id, attach_num, file_name, mime_type, size_bytes, %s)
        SELECT ?, attach_num, file_name, mime_type, size_bytes, %s
          FROM attachment
         WHERE message_id = ?
        """
            .formatted(contentColumns, dialect.copyContent()),
        ps -> {
          ps.setLong(1, toMessageId);
          ps.setLong(2, fromMessageId);
        });
  }

  /**
   * A message's attachments, with the content of those of at most {@link #LISTED_CONTENT_BYTES}
   * (within {@link #LISTED_CONTENT_BUDGET} per message): opening a message and sending it then
   * reads its small attachments in the statement that lists them (one statement and, in a shared
   * datasource, one pool checkout less per attachment).
   */
  public List<AttachmentRecord> list(Connection c, long messageId) throws SQLException {
    List<AttachmentRecord> listed =
        Jdbc.list(
            c,
            listing,
            ps -> ps.setLong(1, messageId),
            rs ->
                new AttachmentRecord(
                    rs.getInt(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getBytes(5)));
    return withinBudget(listed);
  }

  /**
   * {@code listed}, keeping read content only up to {@link #LISTED_CONTENT_BUDGET} in all: a
   * message with hundreds of small attachments holds at most that in memory while it is open; the
   * others are streamed when they are read, as large ones are.
   */
  private static List<AttachmentRecord> withinBudget(List<AttachmentRecord> listed) {
    long kept = 0;
    List<AttachmentRecord> result = new ArrayList<>(listed.size());
    for (AttachmentRecord a : listed) {
      if (a.content() != null && kept + a.content().length > LISTED_CONTENT_BUDGET) {
        result.add(new AttachmentRecord(a.number(), a.fileName(), a.mimeType(), a.size()));
      } else {
        kept += a.content() == null ? 0 : a.content().length;
        result.add(a);
      }
    }
    return result;
  }

  /**
   * A stream over the content; the statement stays open until the stream is closed, so the content
   * can be read lazily (see {@link Dialect#readContent}). Returns null when the attachment is gone.
   */
  public InputStream openContent(Connection c, long messageId, int number) throws SQLException {
    PreparedStatement ps =
        c.prepareStatement(
            """
            SELECT %s
              FROM attachment
             WHERE message_id = ?
               AND attach_num = ?
            """
                .formatted(contentSelection));
    try {
      ps.setLong(1, messageId);
      ps.setInt(2, number);
      ResultSet rs = ps.executeQuery();
      if (!rs.next()) {
        ps.close();
        return null;
      }
      return new FilterInputStream(dialect.readContent(c, rs, 1, messageId, number)) {
        @Override
        public void close() throws IOException {
          try {
            super.close();
          } finally {
            try {
              ps.close();
            } catch (SQLException e) {
              throw new IOException(e);
            }
          }
        }
      };
    } catch (SQLException | RuntimeException e) {
      ps.close();
      throw e;
    }
  }
}
