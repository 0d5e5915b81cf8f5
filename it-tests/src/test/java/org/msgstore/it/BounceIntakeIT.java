package org.msgstore.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ejb.EJB;
import java.time.Duration;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.as.arquillian.api.ServerSetup;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.msgstore.FolderKind;
import org.msgstore.it.app.Await;
import org.msgstore.it.app.MailboxProbe;
import org.msgstore.it.app.MailboxProbe.Found;
import org.msgstore.it.app.SpoolerEjb;
import org.msgstore.it.scenario.TestSmtp;

/**
 * The bounce intake in WildFly, its settings written through the management model ({@link
 * BounceIntakeAdapterSetup}): the adapter's Work reads the test JVM's IMAP mailbox with Jakarta
 * Mail as the server provides it, woken by IDLE; what is no report of ours stays in the mailbox,
 * marked and counted over JMX; an address put on the suppression list over JMX gets an NDR without
 * an SMTP transaction.
 */
@ExtendWith(ArquillianExtension.class)
@ServerSetup(BounceIntakeAdapterSetup.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BounceIntakeIT {
  static final String APP = "app";
  static final Duration TIMEOUT = Duration.ofSeconds(30);
  static final String SENDER = "bounce-it-sender";
  static final String SUPPRESSED = "gone@example.net";
  static final String SUBJECT = "BounceIntakeIT to a suppressed address";

  static final String VACATION =
      """
      From: Bob <bob@example.net>
      To: bounces+m1-1-0-aaaaaaaaaaaaaaaa@example.com
      Subject: Out of office
      Message-ID: <vacation-1@example.net>
      MIME-Version: 1.0
      Content-Type: text/plain; charset=us-ascii

      I am away until Monday.
      """;

  /** A report to a token of the right form that no key signed. */
  static final String FORGED =
      """
      From: MAILER-DAEMON@relay.example.net
      To: bounces+m1-1-0-aaaaaaaaaaaaaaaa@example.com
      Subject: Undelivered Mail Returned to Sender
      Message-ID: <forged-1@relay.example.net>
      MIME-Version: 1.0
      Content-Type: multipart/report; report-type=delivery-status; boundary="b1"

      --b1
      Content-Type: text/plain

      Your message could not be delivered.

      --b1
      Content-Type: message/delivery-status

      Reporting-MTA: dns; relay.example.net

      Final-Recipient: rfc822; carol@example.net
      Action: failed
      Status: 5.1.1
      Diagnostic-Code: smtp; 550 5.1.1 user unknown

      --b1--
      """;

  @Deployment(name = APP)
  static WebArchive app() {
    return Deployments.app(
        "bounce-intake-it",
        BounceIntakeIT.class,
        SpoolerEjb.class,
        MailboxProbe.class,
        Await.class,
        BounceProbe.class,
        BounceIntakeAdapterSetup.class);
  }

  @EJB private BounceProbe bounces;
  @EJB private SpoolerEjb sender;
  @EJB private MailboxProbe probe;

  @Test
  @Order(1)
  @RunAsClient
  void a_vacation_reply_and_a_forged_report_arrive_in_the_bounce_mailbox() throws Exception {
    TestBounceMailbox.deliver(VACATION);
    TestBounceMailbox.deliver(FORGED);
  }

  @Test
  @Order(2)
  @OperateOnDeployment(APP)
  void the_intake_reads_them_at_once_and_counts_them_over_JMX() throws Exception {
    Await.until(() -> (Long) bounces.intake("Processed"), n -> n >= 2, TIMEOUT, "both read (IDLE)");
    assertEquals(1L, bounces.intake("Unparseable"));
    assertEquals(1L, bounces.intake("Forged"));
    assertEquals(0L, bounces.intake("Matched"));
    String mailbox = (String) bounces.intake("Mailbox");
    assertTrue(mailbox.startsWith("imap://bounces@127.0.0.1:"), mailbox);
    assertFalse(mailbox.contains(TestBounceMailbox.PASSWORD), mailbox);
  }

  @Test
  @Order(3)
  @RunAsClient
  void both_stay_in_the_mailbox_marked_unmatched_and_unread() throws Exception {
    List<String> flags = TestBounceMailbox.flags();
    assertEquals(List.of("$MsgStoreUnmatched", "$MsgStoreUnmatched"), flags);
  }

  @Test
  @Order(4)
  @OperateOnDeployment(APP)
  void an_address_suppressed_over_JMX_gets_an_NDR_without_being_sent() throws Exception {
    String added = bounces.suppress(SUPPRESSED, "asked to stop");
    assertTrue(added.startsWith(SUPPRESSED), added);
    sender.submit(SENDER, SUBJECT, "SMTP", SUPPRESSED);
    List<Found> reports =
        Await.found(
            () -> probe.find(SENDER, FolderKind.INBOX, SUBJECT), TIMEOUT, "the NDR of " + SUBJECT);
    assertEquals("Report.IPM.Note.NDR", reports.get(0).messageClass());
  }

  @Test
  @Order(5)
  @RunAsClient
  void nothing_reached_the_relay_for_the_suppressed_address() {
    assertEquals(
        List.of(),
        TestSmtp.received().stream().filter(r -> r.subject().contains(SUBJECT)).toList());
  }
}
