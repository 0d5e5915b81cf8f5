package org.msgstore.it.scenario;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ejb.EJB;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.msgstore.EntryId;
import org.msgstore.FolderKind;
import org.msgstore.MessageFlags;
import org.msgstore.it.app.Await;
import org.msgstore.it.app.MailboxProbe;
import org.msgstore.it.app.MailboxProbe.Found;
import org.msgstore.it.app.SpoolerEjb;

/**
 * The spooler end to end in the server: a message submitted in an EJB transaction goes out over
 * SMTP to the test JVM's GreenMail ({@link TestSmtp}) and is filed into the sender's Sent Items; a
 * message to a mailbox the store does not have comes back as a non-delivery report in the sender's
 * Inbox.
 *
 * <p>The in-server tests submit and check the store; what reached the SMTP server can only be seen
 * in the test JVM, so that check is a {@code @RunAsClient} test ordered after the submit. Every
 * wait is bounded.
 *
 * <p>A server module subclasses this with its {@code @Deployment} named {@value #APP} holding
 * {@link #beans()}, and an adapter configured (through the server's administration) with the
 * spooler on, the local and SMTP transports, and {@code smtpHost}/{@code smtpPort} pointing at
 * {@link TestSmtp}, started before the adapter.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class SpoolerEndToEndScenarios {
  protected static final String APP = "app";
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final String SENDER = "e2e-sender";

  /** Fixed subjects: the client-side test must know what the in-server test sent. */
  private static final String SMTP_SUBJECT = "SpoolerEndToEndIT over SMTP";

  private static final String SMTP_RECIPIENT = "carol@example.net";
  private static final String NDR_SUBJECT = "SpoolerEndToEndIT to nobody";

  protected static Class<?>[] beans() {
    return new Class<?>[] {SpoolerEjb.class, MailboxProbe.class, Await.class};
  }

  protected abstract ServerUnderTest server();

  @EJB private SpoolerEjb sender;
  @EJB private MailboxProbe probe;

  @Test
  @Order(1)
  @OperateOnDeployment(APP)
  void a_message_submitted_in_an_ejb_transaction_is_sent_and_filed_into_the_senders_sent_items()
      throws InterruptedException {
    byte[] sentItems = probe.sentMailFolderProperty(SENDER);
    assertNotNull(sentItems, "PR_IPM_SENTMAIL_ENTRYID of " + SENDER);
    assertEquals(EntryId.of(sentItems), probe.folderId(SENDER, FolderKind.SENT_ITEMS));

    EntryId submitted = sender.submit(SENDER, SMTP_SUBJECT, "SMTP", SMTP_RECIPIENT);

    List<Found> filed =
        awaitInSendersFolder(
            FolderKind.SENT_ITEMS, SMTP_SUBJECT, "'" + SMTP_SUBJECT + "' filed into Sent Items");
    assertEquals(1, filed.size(), "copies in Sent Items: " + filed);
    Found m = filed.get(0);
    assertArrayEquals(sentItems, m.sentMailEntryId(), "PR_SENTMAIL_ENTRYID of the filed message");
    assertEquals(
        0,
        m.flags() & (MessageFlags.MSGFLAG_SUBMIT | MessageFlags.MSGFLAG_UNSENT),
        "PR_MESSAGE_FLAGS 0x" + Integer.toHexString(m.flags()) + " of the filed message");
    assertEquals(
        List.of(), probe.find(SENDER, FolderKind.OUTBOX, SMTP_SUBJECT), "left in the Outbox");
    assertNotNull(submitted);
  }

  @Test
  @Order(2)
  @RunAsClient
  void the_message_reached_the_smtp_server_once_with_sender_and_recipient()
      throws InterruptedException {
    List<TestSmtp.Received> received = TestSmtp.awaitSubjects(Set.of(SMTP_SUBJECT), TIMEOUT);
    assertEquals(1, received.size(), "messages with the subject: " + received);
    TestSmtp.Received m = received.get(0);
    assertEquals(List.of(SMTP_RECIPIENT), m.envelopeOrHeaderRecipients(), m.toString());
    assertTrue(m.from() != null && m.from().contains(SpoolerEjb.SENDER_ADDRESS), m.toString());
    assertNotNull(m.messageId(), "Message-ID of " + m);
  }

  @Test
  @Order(3)
  @OperateOnDeployment(APP)
  void a_message_to_an_unknown_local_mailbox_gives_an_ndr_in_the_senders_inbox()
      throws InterruptedException {
    sender.submit(SENDER, NDR_SUBJECT, "MSGSTORE", "nobody");

    List<Found> reports =
        awaitInSendersFolder(
            FolderKind.INBOX, NDR_SUBJECT, "a report about '" + NDR_SUBJECT + "' in the Inbox");
    assertEquals(1, reports.size(), "reports: " + reports);
    assertEquals("Report.IPM.Note.NDR", reports.get(0).messageClass(), reports.get(0).toString());
    // The original is done with: no longer queued.
    Await.until(
        () -> probe.find(SENDER, FolderKind.OUTBOX, NDR_SUBJECT),
        List::isEmpty,
        TIMEOUT,
        "'" + NDR_SUBJECT + "' gone from the Outbox");
  }

  @Test
  @Order(4)
  @RunAsClient
  void nothing_was_sent_over_smtp_for_the_local_recipient_and_no_handle_leaked() {
    assertEquals(
        List.of(),
        TestSmtp.received().stream().filter(r -> r.subject().contains(NDR_SUBJECT)).toList());
    server().assertNoLeakedHandles();
  }

  /** Waits until {@code folder} of the sender holds messages with {@code subject}; returns them. */
  private List<Found> awaitInSendersFolder(FolderKind folder, String subject, String what)
      throws InterruptedException {
    return Await.found(() -> probe.find(SENDER, folder, subject), TIMEOUT, what + " of " + SENDER);
  }
}
