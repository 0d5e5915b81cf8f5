package org.msgstore.it.scenario;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ejb.EJB;
import jakarta.ejb.EJBException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.msgstore.FolderKind;
import org.msgstore.MapiException;
import org.msgstore.it.app.AppTables;
import org.msgstore.it.app.Await;
import org.msgstore.it.app.Compose;
import org.msgstore.it.app.MailboxProbe;
import org.msgstore.it.app.SharedDataSourceOrders;
import org.msgstore.it.app.SharedDataSourceOrders.Outcome;
import org.msgstore.it.app.SpoolerEjb;

/**
 * The application and the store on ONE server datasource (dataSource mode, PostgreSQL): the order
 * row and the submitted confirmation commit together or not at all, a submit in a transaction
 * already marked rollback-only is refused at the call, the spooler (on the same datasource, outside
 * the application's transactions) sends the committed confirmation over SMTP once and a large
 * attachment intact, and the store's tables stay apart from the application's tables of the same
 * names. That the commit takes one phase is shown per server from its transaction manager, in the
 * subclass.
 *
 * <p>A server module subclasses this with its {@code @Deployment} named {@value #APP} holding
 * {@link #beans()} with {@code jdbc/AppDS} mapped to the datasource, and an adapter set up with
 * {@code dataSource} naming that datasource, the spooler on and SMTP pointing at {@link TestSmtp};
 * the database is {@link AppDatabase}'s current one.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class SharedDataSourceScenarios {
  protected static final String APP = "app";

  /** The store's schema in dataSource mode when storeSchema is left empty. */
  protected static final String STORE_SCHEMA = "msgstore";

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  /** Fixed order ids: the client-side checks must know what the in-server tests did. */
  protected static final String COMMITTED = "committed-1";

  private static final String MARKED_ROLLBACK_ONLY = "marked-rollback-only-2";
  private static final String FAILED = "failed-3";
  private static final String REFUSED = "refused-4";

  private static final String LARGE_SUBJECT = "A report with a large attachment";
  private static final String UNTRANSACTED_SUBJECT = "A large attachment outside a transaction";
  private static final String LARGE_FILE = "report.bin";

  @EJB protected SharedDataSourceOrders orders;
  @EJB private MailboxProbe probe;
  @EJB private SpoolerEjb sender;

  protected abstract ServerUnderTest server();

  protected static Class<?>[] beans() {
    return new Class<?>[] {
      SharedDataSourceOrders.class,
      SharedDataSourceOrders.Outcome.class,
      AppTables.class,
      SpoolerEjb.class,
      MailboxProbe.class,
      Await.class
    };
  }

  @Test
  @Order(1)
  @OperateOnDeployment(APP)
  void an_order_row_and_its_confirmation_commit_together_and_the_spooler_sends_it()
      throws Exception {
    orders.placeOrder(COMMITTED, Outcome.COMMIT);

    assertTrue(orders.orderCommitted(COMMITTED), "order row committed");
    assertTrue(orders.confirmationRecorded(COMMITTED), "application's message row committed");
    String subject = Compose.confirmationSubject(COMMITTED);
    List<MailboxProbe.Found> sent =
        Await.found(
            () -> probe.find(SharedDataSourceOrders.SENDER, FolderKind.SENT_ITEMS, subject),
            TIMEOUT,
            "'" + subject + "' sent and filed into Sent Items");
    assertEquals(1, sent.size(), "copies in Sent Items: " + sent);
  }

  @Test
  @Order(2)
  @OperateOnDeployment(APP)
  void setRollbackOnly_rolls_back_both_the_order_row_and_the_confirmation() throws Exception {
    orders.placeOrder(MARKED_ROLLBACK_ONLY, Outcome.SET_ROLLBACK_ONLY);

    assertNothingOf(MARKED_ROLLBACK_ONLY);
  }

  @Test
  @Order(3)
  @OperateOnDeployment(APP)
  void a_system_exception_rolls_back_both_the_order_row_and_the_confirmation() throws Exception {
    assertThrows(EJBException.class, () -> orders.placeOrder(FAILED, Outcome.SYSTEM_EXCEPTION));

    assertNothingOf(FAILED);
  }

  @Test
  @Order(4)
  @OperateOnDeployment(APP)
  void a_submit_in_a_transaction_already_marked_rollback_only_is_refused_at_the_call()
      throws Exception {
    EJBException e =
        assertThrows(EJBException.class, () -> orders.placeOrderAfterSetRollbackOnly(REFUSED));
    assertTrue(
        causes(e).stream().anyMatch(MapiException.class::isInstance),
        "no MapiException among the causes of " + e);

    assertNothingOf(REFUSED);
  }

  @Test
  @Order(5)
  @RunAsClient
  void the_smtp_server_received_only_the_committed_confirmation_and_only_once() throws Exception {
    String committed = Compose.confirmationSubject(COMMITTED);
    List<TestSmtp.Received> received = TestSmtp.awaitSubjects(Set.of(committed), TIMEOUT);
    assertEquals(1, received.size(), "messages with the subject: " + received);
    assertEquals(
        List.of(SharedDataSourceOrders.CUSTOMER), received.get(0).envelopeOrHeaderRecipients());
    assertEquals(
        List.of(committed),
        TestSmtp.received().stream().map(TestSmtp.Received::subject).toList(),
        "everything the SMTP server received");
  }

  /**
   * The spooler listens for other servers' submits (PostgreSQL LISTEN) on a connection of the
   * application's datasource, reached through the server's pool wrapper: had the wrapper hidden the
   * driver, the adapter would have logged MSGS2009 and held no listening connection.
   */
  @Test
  @RunAsClient
  void the_spooler_listens_for_other_servers_on_a_connection_of_the_application_datasource()
      throws Exception {
    assertEquals(
        "1",
        AppDatabase.query(
            "SELECT count(*) FROM pg_stat_activity"
                + " WHERE datname = current_database() AND query = 'LISTEN msgstore_queue'"));
  }

  @Test
  @Order(6)
  @RunAsClient
  void the_stores_tables_live_in_their_own_schema_beside_the_applications_tables_of_the_same_names()
      throws Exception {
    for (String table : List.of("message", "folder", "mailbox")) {
      assertEquals(
          STORE_SCHEMA + ",public",
          AppDatabase.query(
              "SELECT string_agg(table_schema, ',' ORDER BY table_schema)"
                  + " FROM information_schema.tables WHERE table_name = '"
                  + table
                  + "'"),
          "schemas with a table " + table);
    }
    // The application's tables hold exactly what the application wrote: the one committed row.
    assertEquals("1", AppDatabase.query("SELECT count(*) FROM public.message"));
    assertEquals("0", AppDatabase.query("SELECT count(*) FROM public.folder"));
    assertEquals("0", AppDatabase.query("SELECT count(*) FROM public.mailbox"));
    // The store's: the sender's mailbox and the filed confirmation, written through the datasource.
    assertEquals(
        "1",
        AppDatabase.query(
            "SELECT count(*) FROM "
                + STORE_SCHEMA
                + ".mailbox WHERE name = '"
                + SharedDataSourceOrders.SENDER
                + "'"));
  }

  @Test
  @Order(7)
  @OperateOnDeployment(APP)
  void a_message_with_a_large_attachment_is_sent_and_filed_into_sent_items() throws Exception {
    probe.ensureMailbox(SharedDataSourceOrders.SENDER);
    sender.submitWithAttachment(
        SharedDataSourceOrders.SENDER,
        LARGE_SUBJECT,
        SharedDataSourceOrders.CUSTOMER,
        LARGE_FILE,
        largeContent());

    List<MailboxProbe.Found> sent =
        Await.found(
            () -> probe.find(SharedDataSourceOrders.SENDER, FolderKind.SENT_ITEMS, LARGE_SUBJECT),
            TIMEOUT,
            "'" + LARGE_SUBJECT + "' sent and filed into Sent Items");
    assertEquals(1, sent.size(), "copies in Sent Items: " + sent);
  }

  @Test
  @Order(8)
  @RunAsClient
  void the_smtp_server_received_the_large_attachment_intact_once() throws Exception {
    List<TestSmtp.Received> received = TestSmtp.awaitSubjects(Set.of(LARGE_SUBJECT), TIMEOUT);
    assertEquals(1, received.size(), "messages with the subject: " + received);
    assertArrayEquals(largeContent(), TestSmtp.attachment(LARGE_SUBJECT, LARGE_FILE));
  }

  @Test
  @Order(9)
  @OperateOnDeployment(APP)
  void a_message_with_a_large_attachment_submitted_outside_a_transaction_is_sent()
      throws Exception {
    sender.submitWithAttachmentOutsideTransaction(
        SharedDataSourceOrders.SENDER,
        UNTRANSACTED_SUBJECT,
        SharedDataSourceOrders.CUSTOMER,
        LARGE_FILE,
        largeContent());

    List<MailboxProbe.Found> sent =
        Await.found(
            () ->
                probe.find(
                    SharedDataSourceOrders.SENDER, FolderKind.SENT_ITEMS, UNTRANSACTED_SUBJECT),
            TIMEOUT,
            "'" + UNTRANSACTED_SUBJECT + "' sent and filed into Sent Items");
    assertEquals(1, sent.size(), "copies in Sent Items: " + sent);
  }

  @Test
  @Order(10)
  @RunAsClient
  void the_smtp_server_received_the_attachment_submitted_outside_a_transaction_intact_once()
      throws Exception {
    List<TestSmtp.Received> received =
        TestSmtp.awaitSubjects(Set.of(UNTRANSACTED_SUBJECT), TIMEOUT);
    assertEquals(1, received.size(), "messages with the subject: " + received);
    assertArrayEquals(largeContent(), TestSmtp.attachment(UNTRANSACTED_SUBJECT, LARGE_FILE));
  }

  /**
   * Above the store's in-row limit on PostgreSQL (a large object, written and copied on the
   * datasource's connection), deterministic so the client side can compare.
   */
  private static byte[] largeContent() {
    byte[] b = new byte[600 * 1024 + 7];
    new Random(4711).nextBytes(b);
    return b;
  }

  /** Last: the container reclaimed no handle the beans of this class left open. */
  @Test
  @RunAsClient
  @Order(Integer.MAX_VALUE)
  void no_connection_handle_was_left_open_for_the_container_to_close() {
    server().assertNoLeakedHandles();
  }

  /** {@code t} and its causes, outermost first. */
  private static List<Throwable> causes(Throwable t) {
    List<Throwable> chain = new ArrayList<>();
    for (Throwable c = t; c != null && !chain.contains(c); c = c.getCause()) {
      chain.add(c);
    }
    return chain;
  }

  /** Neither the order row, nor the application's message row, nor the confirmation exists. */
  private void assertNothingOf(String orderId) throws Exception {
    assertFalse(orders.orderCommitted(orderId), "order row rolled back");
    assertFalse(orders.confirmationRecorded(orderId), "application's message row rolled back");
    String subject = Compose.confirmationSubject(orderId);
    for (FolderKind folder : List.of(FolderKind.OUTBOX, FolderKind.SENT_ITEMS)) {
      assertEquals(
          List.of(),
          probe.find(SharedDataSourceOrders.SENDER, folder, subject),
          "'" + subject + "' in " + folder);
    }
  }
}
