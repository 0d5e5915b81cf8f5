package org.msgstore.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.msgstore.store.PostgresCluster;
import org.msgstore.store.StoreSettings;

/**
 * PostgreSQL keeps attachment content up to {@link PostgresDialect#IN_ROW_BYTES} in its row ({@code
 * small_content}), longer content in a large object ({@code content}), since schema 3. Both kinds
 * read back, copy and go away the same; stores created before schema 3 keep their large objects.
 */
@ExtendWith(PostgresCluster.Extension.class)
class PostgresInRowContentTest {
  private static final int THRESHOLD = PostgresDialect.IN_ROW_BYTES;

  private final PostgresDialect dialect = new PostgresDialect();
  private final AttachmentRepository attachments = new AttachmentRepository(dialect);
  private StoreSettings database;
  private Connection c;
  private BareMessages messages;

  @BeforeEach
  void database() throws SQLException {
    database = PostgresCluster.get().newDatabase();
  }

  @AfterEach
  void close() throws SQLException {
    if (c != null) {
      c.close();
    }
  }

  @Test
  void content_of_exactly_the_threshold_is_kept_in_its_row_and_one_byte_more_in_a_large_object()
      throws Exception {
    open("latest");
    byte[] atThreshold = bytes(THRESHOLD);
    byte[] above = bytes(THRESHOLD + 1);
    long id = messages.insert();
    insert(id, 0, atThreshold);
    insert(id, 1, above);
    c.commit();

    assertEquals("small_content", columnHolding(id, 0));
    assertEquals("content", columnHolding(id, 1));
    assertEquals(1, largeObjects(), "only the content above the threshold is a large object");
    assertArrayEquals(atThreshold, read(id, 0));
    assertArrayEquals(above, read(id, 1));
  }

  @Test
  void empty_content_is_kept_in_its_row_and_reads_back_empty() throws Exception {
    open("latest");
    long id = messages.insert();
    insert(id, 0, new byte[0]);
    c.commit();
    assertEquals("small_content", columnHolding(id, 0));
    assertArrayEquals(new byte[0], read(id, 0));
    assertEquals(0, largeObjects());
  }

  @Test
  void a_copy_of_each_kind_outlives_its_original_and_deleting_both_leaves_no_large_object()
      throws Exception {
    open("latest");
    byte[] small = bytes(THRESHOLD);
    byte[] large = bytes(THRESHOLD + 1);
    long original = messages.insert();
    insert(original, 0, small);
    insert(original, 1, large);
    c.commit();
    long copy = messages.insert();
    attachments.copyAll(c, original, copy);
    c.commit();
    assertEquals("small_content", columnHolding(copy, 0));
    assertEquals("content", columnHolding(copy, 1));
    assertEquals(2, largeObjects(), "the copy of the large content has an object of its own");

    messages.delete(original);
    c.commit();
    assertEquals(1, largeObjects(), "deleting the original unlinks only its own object");
    assertArrayEquals(small, read(copy, 0));
    assertArrayEquals(large, read(copy, 1));

    messages.delete(copy);
    c.commit();
    assertEquals(0, largeObjects(), "no orphan large object");
  }

  @Test
  void a_row_cannot_hold_content_in_both_columns_or_in_neither() throws Exception {
    open("latest");
    long id = messages.insert();
    c.commit();
    for (String values : new String[] {"lo_from_bytea(0, '\\x01'), '\\x01'", "NULL, NULL"}) {
      SQLException e =
          assertThrows(
              SQLException.class,
              () -> {
                try (Statement s = c.createStatement()) {
                  s.executeUpdate(
                      "INSERT INTO attachment (message_id, attach_num, size_bytes, content,"
                          + " small_content) VALUES ("
                          + id
                          + ", 0, 1, "
                          + values
                          + ")");
                }
              });
      assertTrue(e.getMessage().contains("attachment_one_content_ck"), e.getMessage());
      c.rollback();
    }
  }

  @Test
  void a_store_created_at_schema_2_keeps_reading_copying_and_unlinking_its_large_objects()
      throws Exception {
    open("2");
    byte[] old = bytes(100); // small, but written as every release before schema 3 wrote it
    long id = messages.insert();
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO attachment (message_id, attach_num, size_bytes, content)"
                + " VALUES (?, 0, ?, lo_from_bytea(0, ?))")) {
      ps.setLong(1, id);
      ps.setLong(2, old.length);
      ps.setBytes(3, old);
      ps.executeUpdate();
    }
    c.commit();

    // Migrated from 2 to the latest: 3 (in-row content), 4 (spooler_node), 5 (priority lanes), 6
    // (suppression list), 7 (late reports), 8 (queue operations).
    assertEquals(
        "8", Migrations.apply(dialect, dialect.dataSource(database), StoreSchema.named("")));
    assertEquals("content", columnHolding(id, 0));
    assertArrayEquals(old, read(id, 0));
    long copy = messages.insert();
    attachments.copyAll(c, id, copy);
    c.commit();
    assertEquals(2, largeObjects());
    messages.delete(id);
    c.commit();
    assertArrayEquals(old, read(copy, 0));
    messages.delete(copy);
    c.commit();
    assertEquals(0, largeObjects());
  }

  /** Migrates the database to {@code version} and opens the test's connection, in a transaction. */
  private void open(String version) throws SQLException {
    Migrations.apply(dialect, dialect.dataSource(database), StoreSchema.named(""), version);
    c = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
    messages = new BareMessages(c);
    c.setAutoCommit(false);
  }

  private void insert(long messageId, int number, byte[] content) throws SQLException {
    attachments.insert(
        c,
        messageId,
        new AttachmentRecord(number, "a.bin", "application/octet-stream", content.length),
        new ByteArrayInputStream(content));
  }

  private byte[] read(long messageId, int number) throws Exception {
    try (InputStream in = attachments.openContent(c, messageId, number)) {
      return in.readAllBytes();
    }
  }

  /** Which column holds the attachment's content. */
  private String columnHolding(long messageId, int number) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT content IS NOT NULL, small_content IS NOT NULL FROM attachment"
                + " WHERE message_id = ? AND attach_num = ?")) {
      ps.setLong(1, messageId);
      ps.setInt(2, number);
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next());
        boolean oid = rs.getBoolean(1);
        boolean inRow = rs.getBoolean(2);
        assertTrue(oid != inRow, "exactly one column holds the content");
        return oid ? "content" : "small_content";
      }
    }
  }

  private long largeObjects() throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_largeobject_metadata")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static byte[] bytes(int size) {
    byte[] b = new byte[size];
    new Random(size).nextBytes(b);
    return b;
  }
}
