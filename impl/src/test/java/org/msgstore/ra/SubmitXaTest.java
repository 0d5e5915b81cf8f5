package org.msgstore.ra;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.transaction.RollbackException;
import jakarta.transaction.TransactionManager;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.XAConnection;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.msgstore.Attachment;
import org.msgstore.EntryId;
import org.msgstore.FolderKind;
import org.msgstore.Message;
import org.msgstore.MessageFlags;
import org.msgstore.MessageStoreConnection;
import org.msgstore.OpenFlag;
import org.msgstore.PropTag;
import org.msgstore.RecipientType;
import org.msgstore.Row;

/**
 * submit() in a JTA transaction with the real Narayana transaction manager (R17, and ARCHITECTURE
 * §4): the queue row and every flag commit or roll back with the caller's other XA resources, and
 * the spooler is told only after commit. The managed connection's own XAResource is enlisted, so
 * the store database's XA driver runs as it does in a server; run on each store database by {@link
 * SubmitXaOnH2Test} and {@link SubmitXaOnPostgresTest}.
 */
abstract class SubmitXaTest {
  private AdapterFixture adapter;
  private TransactionManager tm;
  private XAConnection ordersDb;
  private Connection orders;
  private AtomicInteger wakeUps;

  /** Bytes of the attachment the attachment tests send: more than one write and one read chunk. */
  private static final int ATTACHMENT_BYTES = 700 * 1024 + 3;

  /** The adapter, started on this run's store database. */
  abstract AdapterFixture startAdapter() throws Exception;

  /**
   * How many attachment contents the store database holds: whatever the content of one attachment
   * lives in (a row, a large object), counted on a connection of the test's own.
   */
  abstract long storedContents(AdapterFixture adapter) throws Exception;

  @BeforeEach
  void start() throws Exception {
    adapter = startAdapter();
    tm = adapter.tm;
    wakeUps = adapter.queueWakeUps();
    JdbcDataSource ds = H2Databases.dataSource(adapter.directory, "orders");
    ordersDb = ds.getXAConnection();
    orders = ordersDb.getConnection();
    try (Statement s = orders.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS orders(id INT PRIMARY KEY)");
    }
  }

  @AfterEach
  void stop() throws Exception {
    if (tm.getTransaction() != null) {
      tm.rollback();
    }
    ordersDb.close();
    adapter.close();
  }

  private EntryId draft(String subject) {
    try (MessageStoreConnection c = adapter.factory.getConnection("shop")) {
      Message m = c.openFolder(FolderKind.OUTBOX).createMessage();
      m.set(PropTag.PR_SUBJECT, subject);
      m.addRecipient(RecipientType.TO, "Bob", "SMTP", "bob@example.com");
      m.saveChanges();
      return m.entryId();
    }
  }

  private void submitWithOrder(EntryId draft, int orderId, boolean failPrepare) throws Exception {
    try (MessageStoreConnection c = adapter.factory.getConnection("shop")) {
      c.openEntry(draft, OpenFlag.MAPI_MODIFY).submit();
    }
    tm.getTransaction()
        .enlistResource(new ScriptedXAResource(ordersDb.getXAResource(), failPrepare));
    try (Statement s = orders.createStatement()) {
      s.execute("INSERT INTO orders VALUES (" + orderId + ")");
    }
  }

  private int flags(EntryId id) {
    try (MessageStoreConnection c = adapter.factory.getConnection("shop");
        Message m = c.openEntry(id)) {
      return m.get(PropTag.PR_MESSAGE_FLAGS);
    }
  }

  private List<EntryId> queue() throws Exception {
    try (ConnectionHandle h = (ConnectionHandle) adapter.factory.getConnection("shop")) {
      return adapter
          .ra
          .store()
          .spoolerSession(h, "observer", Duration.ofMinutes(1))
          .getOutgoingQueue(0)
          .stream()
          .map(Row::entryId)
          .toList();
    }
  }

  private int orderRows() throws Exception {
    try (Statement s = orders.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM orders")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  @Test
  void R17_submit_and_a_business_row_commit_together_and_the_spooler_is_woken_once_after_commit()
      throws Exception {
    EntryId id = draft("order 1");
    tm.begin();
    submitWithOrder(id, 1, false);
    assertEquals(0, wakeUps.get(), "nobody woken before commit");
    tm.commit();
    assertEquals(1, orderRows());
    assertEquals(List.of(id), queue());
    assertEquals(MessageFlags.MSGFLAG_SUBMIT, flags(id) & MessageFlags.MSGFLAG_SUBMIT);
    assertEquals(1, wakeUps.get());
  }

  @Test
  void R17_a_rolled_back_submit_leaves_queue_and_flags_unchanged_and_wakes_nobody()
      throws Exception {
    EntryId id = draft("order 2");
    int before = flags(id);
    tm.begin();
    submitWithOrder(id, 2, false);
    tm.rollback();
    assertEquals(0, orderRows());
    assertTrue(queue().isEmpty());
    assertEquals(before, flags(id), "PR_MESSAGE_FLAGS as before the submit");
    assertEquals(0, wakeUps.get());
    try (MessageStoreConnection c = adapter.factory.getConnection("shop");
        Message m = c.openEntry(id, OpenFlag.MAPI_MODIFY)) {
      assertEquals("order 2", m.get(PropTag.PR_SUBJECT), "still an editable draft");
    }
  }

  @Test
  void a_submit_in_a_transaction_marked_rollback_only_fails_at_the_call_and_leaves_nothing()
      throws Exception {
    EntryId id = draft("order 4");
    tm.begin();
    try (MessageStoreConnection c = adapter.factory.getConnection("shop")) {
      Message m =
          c.openEntry(id, OpenFlag.MAPI_MODIFY); // enlisted while the transaction was active
      tm.setRollbackOnly();
      org.msgstore.MapiException e = assertThrows(org.msgstore.MapiException.class, m::submit);
      assertTrue(e.getMessage().contains("rollback-only"), e.getMessage());
    }
    tm.rollback();
    assertTrue(queue().isEmpty());
    assertEquals(0, flags(id) & MessageFlags.MSGFLAG_SUBMIT);
  }

  @Test
  void when_the_other_resource_fails_to_prepare_neither_the_order_nor_the_message_commits()
      throws Exception {
    EntryId id = draft("order 3");
    tm.begin();
    submitWithOrder(id, 3, true);
    assertThrows(RollbackException.class, tm::commit);
    assertEquals(0, orderRows());
    assertTrue(queue().isEmpty());
    assertEquals(0, flags(id) & MessageFlags.MSGFLAG_SUBMIT);
    assertEquals(0, wakeUps.get());
  }

  @Test
  void
      a_message_with_an_attachment_saved_and_submitted_in_a_transaction_commits_and_its_content_reads_back_in_another()
          throws Exception {
    byte[] content = content(ATTACHMENT_BYTES);
    tm.begin();
    EntryId id;
    try (MessageStoreConnection c = adapter.factory.getConnection("shop")) {
      id = submitWithAttachment(c, "invoice", content);
    }
    assertEquals(0, wakeUps.get(), "nobody woken before commit");
    tm.commit();
    assertEquals(List.of(id), queue());
    assertEquals(1, wakeUps.get());

    tm.begin();
    try (MessageStoreConnection c = adapter.factory.getConnection("shop");
        Message m = c.openEntry(id)) {
      assertArrayEquals(content, readAttachment(m), "read inside another transaction");
    }
    tm.commit();
    try (MessageStoreConnection c = adapter.factory.getConnection("shop");
        Message m = c.openEntry(id)) {
      assertArrayEquals(content, readAttachment(m), "read outside any transaction");
    }
    assertEquals(1, storedContents(adapter));
  }

  @Test
  void a_rolled_back_submit_with_an_attachment_leaves_no_message_no_queue_row_and_no_content()
      throws Exception {
    tm.begin();
    try (MessageStoreConnection c = adapter.factory.getConnection("shop")) {
      submitWithAttachment(c, "never sent", content(ATTACHMENT_BYTES));
    }
    tm.rollback();
    assertTrue(queue().isEmpty());
    assertEquals(List.of(), adapter.outboxSubjects("shop"));
    assertEquals(0, storedContents(adapter), "the attachment's content went with the transaction");
    assertEquals(0, wakeUps.get());
  }

  @Test
  void
      an_attachment_added_to_a_saved_draft_and_submitted_in_a_transaction_that_rolls_back_leaves_the_draft_without_it()
          throws Exception {
    EntryId id = draft("order 5");
    tm.begin();
    try (MessageStoreConnection c = adapter.factory.getConnection("shop");
        Message m = c.openEntry(id, OpenFlag.MAPI_MODIFY)) {
      m.addAttachment(
          "order.pdf", "application/pdf", new ByteArrayInputStream(content(ATTACHMENT_BYTES)));
      m.saveChanges();
      m.submit();
    }
    tm.rollback();
    try (MessageStoreConnection c = adapter.factory.getConnection("shop");
        Message m = c.openEntry(id)) {
      assertEquals(List.of(), m.getAttachments());
    }
    assertEquals(0, storedContents(adapter));
  }

  /**
   * Creates, saves and submits a message with one attachment on {@code c}; returns its entry id.
   */
  private static EntryId submitWithAttachment(
      MessageStoreConnection c, String subject, byte[] content) {
    try (Message m = c.openFolder(FolderKind.OUTBOX).createMessage()) {
      m.set(PropTag.PR_SUBJECT, subject);
      m.addRecipient(RecipientType.TO, "Bob", "SMTP", "bob@example.com");
      m.addAttachment("invoice.pdf", "application/pdf", new ByteArrayInputStream(content));
      m.saveChanges();
      EntryId id = m.entryId(); // a submitted message object answers only close()
      m.submit();
      return id;
    }
  }

  private static byte[] readAttachment(Message m) throws IOException {
    List<Attachment> attachments = m.getAttachments();
    assertEquals(1, attachments.size());
    try (InputStream in = attachments.get(0).openStream()) {
      return in.readAllBytes();
    }
  }

  /** Deterministic bytes that are not a repeating pattern a short write could pass by chance. */
  private static byte[] content(int size) {
    byte[] b = new byte[size];
    new Random(size).nextBytes(b);
    return b;
  }
}
