package org.msgstore.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.ejb.EJB;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.api.ServerSetup;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.msgstore.FolderKind;
import org.msgstore.MessageFlags;
import org.msgstore.it.app.Await;
import org.msgstore.it.app.MailboxProbe;
import org.msgstore.it.app.MailboxProbe.Found;
import org.msgstore.it.app.SpoolerEjb;
import org.msgstore.it.scenario.PostgresInstalled;
import org.msgstore.it.scenario.TestSmtp;

/**
 * The adapter on a PostgreSQL store in the server, through pgjdbc's XA connection (XATransaction
 * connection definition): a message with an attachment submitted in an EJB transaction commits, the
 * spooler sends it over SMTP with the attachment intact and files it into Sent Items, and every
 * attachment row still owns exactly one large object.
 */
@ExtendWith(PostgresInstalled.class)
@ExtendWith(ArquillianExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ServerSetup(PostgresSpoolingAdapterSetup.class)
class PostgresStoreEndToEndIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final String SENDER = "pg-e2e-sender";
  private static final String SUBJECT = "PostgresStoreEndToEndIT with an attachment";
  private static final String RECIPIENT = "dave@example.net";
  private static final String FILE_NAME = "report.bin";

  @Deployment(name = "app")
  static WebArchive app() {
    return Deployments.app(
        "postgres-e2e-it",
        PostgresStoreEndToEndIT.class,
        SpoolerEjb.class,
        MailboxProbe.class,
        Await.class,
        PostgresSpoolingAdapterSetup.class,
        PostgresInstalled.class);
  }

  @ArquillianResource private ManagementClient management;

  @EJB private SpoolerEjb sender;
  @EJB private MailboxProbe probe;

  /** More than one large-object write chunk, deterministic so the client side can compare. */
  private static byte[] content() {
    byte[] b = new byte[600 * 1024 + 7];
    new Random(4711).nextBytes(b);
    return b;
  }

  @Test
  @Order(1)
  @OperateOnDeployment("app")
  void
      a_message_with_an_attachment_submitted_in_an_ejb_transaction_is_sent_and_filed_into_sent_items()
          throws InterruptedException {
    probe.ensureMailbox(SENDER);
    sender.submitWithAttachment(SENDER, SUBJECT, RECIPIENT, FILE_NAME, content());

    List<Found> filed =
        Await.found(
            () -> probe.find(SENDER, FolderKind.SENT_ITEMS, SUBJECT),
            TIMEOUT,
            "'" + SUBJECT + "' filed into Sent Items of " + SENDER);
    assertEquals(1, filed.size(), "copies in Sent Items: " + filed);
    assertEquals(
        0,
        filed.get(0).flags() & (MessageFlags.MSGFLAG_SUBMIT | MessageFlags.MSGFLAG_UNSENT),
        "PR_MESSAGE_FLAGS 0x" + Integer.toHexString(filed.get(0).flags()));
    assertEquals(List.of(), probe.find(SENDER, FolderKind.OUTBOX, SUBJECT), "left in the Outbox");
  }

  @Test
  @Order(2)
  @RunAsClient
  void
      the_smtp_server_received_the_attachment_intact_and_each_attachment_row_owns_one_large_object()
          throws Exception {
    List<TestSmtp.Received> received = TestSmtp.awaitSubjects(Set.of(SUBJECT), TIMEOUT);
    assertEquals(1, received.size(), "messages with the subject: " + received);
    assertEquals(List.of(RECIPIENT), received.get(0).envelopeOrHeaderRecipients());
    assertArrayEquals(content(), TestSmtp.attachment(SUBJECT, FILE_NAME));

    String attachments = TestPostgres.query("SELECT count(*) FROM attachment");
    assertEquals(
        "1", attachments, "the Sent Items copy's attachment (the Outbox original is gone)");
    assertEquals(
        attachments,
        TestPostgres.query("SELECT count(*) FROM pg_largeobject_metadata"),
        "large objects");
    Management.assertNoLeakedHandles(management);
  }
}
