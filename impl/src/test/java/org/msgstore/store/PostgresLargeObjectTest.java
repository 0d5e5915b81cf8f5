package org.msgstore.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.msgstore.EntryId;
import org.msgstore.FolderKind;
import org.msgstore.Message;
import org.msgstore.OpenFlag;
import org.msgstore.PropTag;

/**
 * What only PostgreSQL has: attachment content above the in-row threshold lives in large objects,
 * which the database does not remove with their row by itself. Each such attachment row owns one
 * object; removing the attachment, deleting its message, or a copy's own removal must leave no
 * object behind. (Content up to the threshold is kept in its row: store.jdbc's
 * PostgresInRowContentTest.)
 */
@ExtendWith(PostgresCluster.Extension.class)
class PostgresLargeObjectTest {
  /**
   * One byte more than PostgresDialect.IN_ROW_BYTES: the shortest content kept as a large object.
   */
  private static final int LARGE = 64 * 1024 + 1;

  StoreSettings database;

  @BeforeEach
  void database() {
    database = PostgresCluster.get().newDatabase();
  }

  @Test
  void each_attachment_has_its_own_large_object_which_goes_with_the_attachment_or_its_message()
      throws Exception {
    try (StoreFixture fixture = new StoreFixture(database, Clock.systemUTC())) {
      MailboxSession alice = fixture.session("alice");
      EntryId id;
      try (Message m = alice.openFolder(FolderKind.DRAFTS).createMessage()) {
        m.set(PropTag.PR_SUBJECT, "two attachments");
        m.addAttachment(
            "a.txt", "text/plain", new ByteArrayInputStream(text("first").getBytes(UTF_8)));
        m.addAttachment(
            "b.txt", "text/plain", new ByteArrayInputStream(text("second").getBytes(UTF_8)));
        m.saveChanges();
        id = m.entryId();
      }
      assertEquals(2, largeObjects());

      try (Message m = alice.openEntry(id, OpenFlag.MAPI_MODIFY)) {
        m.removeAttachment(m.getAttachments().get(0).number());
        m.saveChanges();
      }
      assertEquals(1, largeObjects(), "removing an attachment unlinks its object");
      try (Message m = alice.openEntry(id);
          InputStream in = m.getAttachments().get(0).openStream()) {
        assertEquals(text("second"), new String(in.readAllBytes(), UTF_8));
      }

      alice.openFolder(FolderKind.DRAFTS).deleteMessages(List.of(id));
      assertEquals(
          0, largeObjects(), "deleting the message unlinks the objects of its attachments");
    }
  }

  @Test
  void through_the_store_64_KiB_are_kept_in_the_row_and_one_byte_more_is_a_large_object()
      throws Exception {
    byte[] inRow = new byte[LARGE - 1]; // staged in memory
    byte[] large = new byte[LARGE]; // staged in a temporary file
    new java.util.Random(1).nextBytes(inRow);
    new java.util.Random(2).nextBytes(large);
    try (StoreFixture fixture = new StoreFixture(database, Clock.systemUTC())) {
      MailboxSession alice = fixture.session("alice");
      EntryId id;
      try (Message m = alice.openFolder(FolderKind.DRAFTS).createMessage()) {
        m.addAttachment("in-row.bin", "application/octet-stream", new ByteArrayInputStream(inRow));
        m.addAttachment("large.bin", "application/octet-stream", new ByteArrayInputStream(large));
        m.saveChanges();
        id = m.entryId();
      }
      assertEquals(1, largeObjects(), "only the content above 64 KiB is a large object");
      assertEquals(1, count("SELECT count(*) FROM attachment WHERE small_content IS NOT NULL"));
      try (Message m = alice.openEntry(id)) {
        try (InputStream in = m.getAttachments().get(0).openStream()) {
          assertArrayEquals(inRow, in.readAllBytes());
        }
        try (InputStream in = m.getAttachments().get(1).openStream()) {
          assertArrayEquals(large, in.readAllBytes());
        }
      }
      alice.openFolder(FolderKind.DRAFTS).deleteMessages(List.of(id));
      assertEquals(0, largeObjects());
    }
  }

  @Test
  void content_larger_than_one_read_chunk_streams_back_exactly() throws Exception {
    byte[] content = new byte[3 * 512 * 1024 + 17]; // three full lo_get chunks and a short one
    for (int i = 0; i < content.length; i++) {
      content[i] = (byte) (i * 31 + i / 7);
    }
    try (StoreFixture fixture = new StoreFixture(database, Clock.systemUTC())) {
      MailboxSession alice = fixture.session("alice");
      EntryId id;
      try (Message m = alice.openFolder(FolderKind.DRAFTS).createMessage()) {
        m.addAttachment("big.bin", "application/octet-stream", new ByteArrayInputStream(content));
        m.saveChanges();
        id = m.entryId();
      }
      try (Message m = alice.openEntry(id);
          InputStream in = m.getAttachments().get(0).openStream()) {
        assertEquals(0, in.available(), "nothing is fetched before the first read");
        assertEquals(content[0] & 0xff, in.read());
        assertEquals(
            512 * 1024 - 1, in.available(), "one chunk is buffered, not the whole content");
        byte[] rest = in.readAllBytes();
        assertEquals(content.length - 1, rest.length);
        assertEquals(
            java.util.Arrays.hashCode(java.util.Arrays.copyOfRange(content, 1, content.length)),
            java.util.Arrays.hashCode(rest));
      }
    }
  }

  /** {@code word}, padded to {@link #LARGE} bytes so that it is stored as a large object. */
  private static String text(String word) {
    return word + ".".repeat(LARGE - word.length());
  }

  private long largeObjects() throws Exception {
    return count("SELECT count(*) FROM pg_largeobject_metadata");
  }

  private long count(String sql) throws Exception {
    try (Connection c =
            java.sql.DriverManager.getConnection(
                database.jdbcUrl(), database.user(), database.password());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
