package org.msgstore.bounce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.msgstore.bounce.DeliveryReport.Kind;
import org.msgstore.bounce.DeliveryReport.RecipientStatus;

/**
 * Reports as the common senders of them write them, each sample written for this test from RFC 3464
 * / RFC 5965 and the published formats of Postfix, Exim, Exchange Online and Gmail.
 */
class ReportParserTest {

  static MimeMessage sample(String name) throws Exception {
    try (InputStream in = ReportParserTest.class.getResourceAsStream("/bounce/" + name)) {
      return new MimeMessage(Session.getInstance(new Properties()), in);
    }
  }

  @Test
  void a_postfix_bounce_names_the_failed_recipient_status_diagnostic_and_returned_message()
      throws Exception {
    DeliveryReport r = ReportParser.parse(sample("postfix-user-unknown.eml"));
    assertEquals(Kind.DELIVERY_STATUS, r.kind());
    assertEquals(
        List.of(
            new RecipientStatus(
                "failed",
                "5.1.1",
                Optional.of(
                    "550 5.1.1 <bob@dest.example>: Recipient address rejected: User unknown in"
                        + " virtual mailbox table"),
                "bob@dest.example",
                Optional.of("bob@dest.example"),
                Optional.of("mx.dest.example"))),
        r.recipients());
    assertTrue(r.recipients().get(0).permanentFailure());
    assertEquals(Optional.of("<order-4711@shop.example>"), r.returnedMessageId());
    assertEquals(Optional.empty(), r.envelopeId());
    assertEquals(
        List.of("bounces+m1-2s-0-abcdefghijklmnop@shop.example"),
        r.bounceAddresses(),
        "the delivered-to address first, each once");
  }

  @Test
  void an_exim_bounce_keeps_each_recipient_apart_and_a_delay_is_not_a_failure() throws Exception {
    DeliveryReport r = ReportParser.parse(sample("exim-two-recipients.eml"));
    assertEquals(Optional.of("order-4712"), r.envelopeId());
    assertEquals(2, r.recipients().size());
    RecipientStatus carol = r.recipients().get(0);
    assertEquals("carol@dest.example", carol.finalRecipient());
    assertEquals("5.2.1", carol.status(), "the status without its comment");
    assertEquals(Optional.empty(), carol.originalRecipient());
    RecipientStatus dave = r.recipients().get(1);
    assertEquals("delayed", dave.action());
    assertEquals("4.4.1", dave.status());
    assertEquals(false, dave.permanentFailure());
    assertEquals(Optional.of("<order-4712@shop.example>"), r.returnedMessageId());
  }

  @Test
  void an_exchange_online_report_with_an_html_notice_and_a_three_digit_detail_code()
      throws Exception {
    DeliveryReport r = ReportParser.parse(sample("exchange-online-recipient-not-found.eml"));
    RecipientStatus erin = r.recipients().get(0);
    assertEquals("5.1.10", erin.status());
    assertEquals(
        Optional.of(
            "550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient erin@corp.example not found by"
                + " SMTP address lookup"),
        erin.diagnostic(),
        "the folded diagnostic is unfolded");
    assertEquals(Optional.of("<reset-0815@shop.example>"), r.returnedMessageId());
    assertEquals(List.of("bounces+m2-3u-0-bcdefghijklmnopq@shop.example"), r.bounceAddresses());
  }

  @Test
  void a_gmail_style_report_with_a_nested_notice_and_a_multi_line_diagnostic() throws Exception {
    DeliveryReport r = ReportParser.parse(sample("gmail-style-multiline.eml"));
    RecipientStatus frank = r.recipients().get(0);
    assertEquals("frank@gmail.example", frank.finalRecipient());
    assertTrue(frank.permanentFailure());
    assertTrue(
        frank.diagnostic().orElseThrow().startsWith("550-5.1.1 The email account that you tried"),
        frank.diagnostic().toString());
    assertTrue(frank.diagnostic().orElseThrow().endsWith("?p=NoSuchUser"));
    assertEquals(Optional.of("<newsletter-12@shop.example>"), r.returnedMessageId());
  }

  @Test
  void a_success_report_keeps_delivered_and_relayed_apart() throws Exception {
    DeliveryReport r = ReportParser.parse(sample("relayed-success.eml"));
    assertEquals(
        List.of("delivered", "relayed"),
        r.recipients().stream().map(RecipientStatus::action).toList());
    assertEquals(Optional.of("order-4713"), r.envelopeId());
    assertEquals(Optional.empty(), r.returnedMessageId());
  }

  @Test
  void a_complaint_names_its_type_the_complaining_recipient_and_the_original_envelope_sender_first()
      throws Exception {
    DeliveryReport r = ReportParser.parse(sample("arf-complaint.eml"));
    assertEquals(Kind.FEEDBACK, r.kind());
    assertEquals(Optional.of("abuse"), r.feedbackType());
    assertEquals(
        List.of("ivan@mailbox-provider.example"),
        r.recipients().stream().map(RecipientStatus::finalRecipient).toList());
    assertEquals(Optional.of("<newsletter-13@shop.example>"), r.returnedMessageId());
    assertEquals("bounces+m3-4x-0-efghijklmnopqrst@shop.example", r.bounceAddresses().get(0));
  }

  @Test
  void a_vacation_reply_is_not_a_report_and_says_why() throws Exception {
    NotAReportException e =
        assertThrows(
            NotAReportException.class, () -> ReportParser.parse(sample("vacation-reply.eml")));
    assertEquals("its type is text/plain, not multipart/report", e.getMessage());
  }

  @Test
  void a_report_without_its_status_part_is_not_a_report() throws Exception {
    MimeMessage cut =
        new MimeMessage(
            Session.getInstance(new Properties()),
            new ByteArrayInputStream(
                ("MIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status;"
                        + " boundary=\"b\"\n\n--b\nContent-Type: text/plain\n\nLost.\n--b--\n")
                    .getBytes(StandardCharsets.US_ASCII)));
    NotAReportException e = assertThrows(NotAReportException.class, () -> ReportParser.parse(cut));
    assertEquals(
        "its multipart/report has no message/delivery-status or message/feedback-report part",
        e.getMessage());
  }
}
