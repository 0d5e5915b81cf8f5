package org.msgstore.it.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ejb.EJB;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.msgstore.FolderKind;
import org.msgstore.it.app.Await;
import org.msgstore.it.app.BounceProbe;
import org.msgstore.it.app.LateBounceEjb;
import org.msgstore.it.app.MailboxProbe;
import org.msgstore.it.app.MailboxProbe.Found;
import org.msgstore.it.app.SpoolerEjb;

/**
 * The bounce intake in the server, its settings ({@link #adapterProperties}) written by the
 * server's administration: the adapter's Work reads the test JVM's IMAP mailbox ({@link
 * TestBounceMailbox}) with Jakarta Mail as the server provides it, woken by IDLE (the poll interval
 * is an hour); what is no report of ours stays in the mailbox, marked and counted over JMX; an
 * address put on the suppression list over JMX gets an NDR without an SMTP transaction. And the
 * whole loop: a message to three recipients is accepted by the test SMTP server ({@link TestSmtp})
 * from three signed envelope senders, a delivery status notification for one of them comes back to
 * its envelope sender, and the sender's Inbox gets one NDR naming only that one.
 *
 * <p>A server module subclasses this with its {@code @Deployment} named {@value #APP} holding
 * {@link #beans()}, and an adapter with the spooler on ({@link SpoolingAdapterProperties}) plus
 * {@link #adapterProperties}, on a store of its own; {@link TestSmtp} and {@link TestBounceMailbox}
 * started before the adapter is configured (their ports are in the settings).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class BounceIntakeScenarios {
  protected static final String APP = "app";
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final String SENDER = "bounce-it-sender";
  private static final String SUPPRESSED = "gone@example.net";
  private static final String SUBJECT = "BounceIntakeIT to a suppressed address";
  private static final String SIGNING_KEY = "it-bounce-signing-key-1";

  private static final String VACATION =
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
  private static final String FORGED =
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

  private static final String LATE_SENDER = "late-bounce-sender";
  private static final String LATE_SUBJECT = "BounceIntakeIT accepted, then bounced";
  private static final List<String> LATE_TO =
      List.of("ann@example.org", "ben@example.org", "cid@example.org");
  private static final String BOUNCED = "ben@example.org";

  protected static Class<?>[] beans() {
    return new Class<?>[] {
      SpoolerEjb.class, MailboxProbe.class, Await.class, BounceProbe.class, LateBounceEjb.class
    };
  }

  /**
   * The bounce settings, added to {@code spooling} (the adapter's other properties): the signed
   * envelope sender, and the intake reading {@link TestBounceMailbox} with a poll interval of an
   * hour, so a report read within the test was seen through IMAP IDLE. Client side only.
   */
  public static Map<String, String> adapterProperties(Map<String, String> spooling) {
    Map<String, String> p = new LinkedHashMap<>(spooling);
    p.put("bounceAddress", "bounces@example.com");
    p.put("bounceSigningKeys", SIGNING_KEY);
    p.put(
        "bounceMailbox",
        "imap://" + TestBounceMailbox.USER + "@127.0.0.1:" + TestBounceMailbox.port() + "/INBOX");
    p.put("bounceMailboxPassword", TestBounceMailbox.PASSWORD);
    p.put("bounceMailboxPollMs", "3600000");
    return p;
  }

  @EJB private BounceProbe bounces;
  @EJB private SpoolerEjb sender;
  @EJB private MailboxProbe probe;
  @EJB private LateBounceEjb late;

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

  @Test
  @Order(6)
  @OperateOnDeployment(APP)
  void a_message_to_three_recipients_is_submitted() {
    late.submit(LATE_SENDER, LATE_SUBJECT, LATE_TO);
  }

  @Test
  @Order(7)
  @RunAsClient
  void the_relay_accepts_it_from_a_signed_envelope_sender_per_recipient_and_one_bounces_later()
      throws Exception {
    Map<String, String> returnPaths = TestSmtp.awaitReturnPaths(LATE_SUBJECT, 3, TIMEOUT);
    assertEquals(LATE_TO, List.copyOf(returnPaths.keySet()));
    assertEquals(3, Set.copyOf(returnPaths.values()).size(), "one token each: " + returnPaths);
    for (String path : returnPaths.values()) {
      assertTrue(
          path.matches("bounces\\+m[0-9a-z]+-[0-9a-z]+-[0-9a-z]+-[a-z2-7]{16}@example\\.com"),
          path);
    }
    // What the destination's server sends back to that envelope sender, days later in real life.
    TestBounceMailbox.deliver(lateBounce(returnPaths.get(BOUNCED), BOUNCED));
  }

  @Test
  @Order(8)
  @OperateOnDeployment(APP)
  void the_sender_gets_exactly_one_NDR_naming_only_the_bounced_recipient() throws Exception {
    List<Found> reports =
        Await.found(
            () -> probe.find(LATE_SENDER, FolderKind.INBOX, LATE_SUBJECT),
            TIMEOUT,
            "the NDR of " + LATE_SUBJECT);
    Await.until(() -> (Long) bounces.intake("Matched"), n -> n >= 1, TIMEOUT, "matched");
    assertEquals(1, reports.size(), "one report: " + reports);
    assertEquals("Report.IPM.Note.NDR", reports.get(0).messageClass());
    assertEquals("Undeliverable: " + LATE_SUBJECT, reports.get(0).subject());
    List<String> named = late.recipients(LATE_SENDER, FolderKind.INBOX, LATE_SUBJECT);
    assertEquals(1, named.size(), "the NDR names one recipient: " + named);
    String row = named.get(0);
    assertTrue(row.startsWith(BOUNCED + " | 35 | "), row); // 5.1.1: recipient unknown
    assertTrue(row.contains("reported after the relay accepted the message: 5.1.1"), row);
    assertTrue(row.contains("Recipient address rejected: User unknown"), row);
    assertTrue(row.contains("mx.example.org"), row);
    assertEquals(1L, bounces.intake("Matched"));
    assertEquals(0L, bounces.intake("Unmatched"));
  }

  @Test
  @Order(9)
  @OperateOnDeployment(APP)
  void in_sent_items_only_the_bounced_recipient_carries_the_report_the_other_two_are_untouched()
      throws Exception {
    // Filed by the spooler's commit after the last 250, which may still be under way.
    List<String> rows =
        Await.until(
            () -> late.recipients(LATE_SENDER, FolderKind.SENT_ITEMS, LATE_SUBJECT),
            r -> r.size() == 3,
            TIMEOUT,
            "the message filed in Sent Items");
    for (String row : rows) {
      if (row.startsWith(BOUNCED + " ")) {
        assertTrue(row.startsWith(BOUNCED + " | 35 | reported after the relay accepted"), row);
      } else {
        assertFalse(row.contains("reported after"), row);
        assertTrue(row.matches("[a-z]+@example\\.org \\| null \\| .*"), "no NDR code: " + row);
      }
    }
  }

  @Test
  @Order(10)
  @RunAsClient
  void the_bounce_is_flagged_processed_in_the_mailbox_after_the_commit() throws Exception {
    List<String> flags =
        Await.until(
            () -> {
              try {
                return TestBounceMailbox.flags();
              } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException("cannot read the bounce mailbox", e);
              }
            },
            f -> f.size() == 3 && f.get(2).contains("$MsgStoreProcessed"),
            TIMEOUT,
            "the late bounce flagged processed");
    assertTrue(flags.get(2).endsWith(",seen"), flags.toString());
    assertEquals("$MsgStoreUnmatched", flags.get(0), "the earlier ones stay as they were");
  }

  /**
   * An RFC 3464 report as a destination's mail server writes it for {@code recipient}, to the
   * envelope sender {@code returnPath}, with the returned headers.
   */
  private static String lateBounce(String returnPath, String recipient) {
    return """
        From: Mail Delivery System <MAILER-DAEMON@mx.example.org>
        To: %1$s
        Subject: Undelivered Mail Returned to Sender
        Message-ID: <late-bounce-1@mx.example.org>
        Auto-Submitted: auto-replied
        MIME-Version: 1.0
        Content-Type: multipart/report; report-type=delivery-status; boundary="b2"

        --b2
        Content-Type: text/plain; charset=us-ascii

        Your message could not be delivered to %2$s.

        --b2
        Content-Type: message/delivery-status

        Reporting-MTA: dns; mx.example.org

        Final-Recipient: rfc822; %2$s
        Action: failed
        Status: 5.1.1
        Remote-MTA: dns; mx.example.org
        Diagnostic-Code: smtp; 550 5.1.1 <%2$s>: Recipient address rejected: User unknown

        --b2
        Content-Type: text/rfc822-headers

        Return-Path: <%1$s>
        From: %3$s
        To: %4$s
        Subject: %5$s

        --b2--
        """
        .formatted(
            returnPath,
            recipient,
            SpoolerEjb.SENDER_ADDRESS,
            String.join(", ", LATE_TO),
            LATE_SUBJECT);
  }
}
