package org.msgstore.bounce;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.msgstore.store.LateReports;

/** Matching a report to its message and recipient by the signed token, and what it reports. */
class ReportMatcherTest {
  static final byte[] KEY = "bounce key".getBytes(StandardCharsets.UTF_8);
  static final ReportMatcher MATCHER = new ReportMatcher("bounces+", List.of(KEY));

  /** A sample whose bounce address carries {@code token} instead of the sample's made-up one. */
  static DeliveryReport sampleWith(String name, String fakeToken, BounceToken token)
      throws Exception {
    String text;
    try (InputStream in = ReportMatcherTest.class.getResourceAsStream("/bounce/" + name)) {
      text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    }
    if (token != null) {
      text = text.replace(fakeToken, token.sign(KEY));
    }
    return ReportParser.parse(
        new MimeMessage(
            Session.getInstance(new Properties()),
            new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII))));
  }

  @Test
  void a_hard_bounce_with_our_token_is_a_permanent_failure_of_that_recipient() throws Exception {
    BounceToken token = new BounceToken(1, 100, 2);
    DeliveryReport r = sampleWith("postfix-user-unknown.eml", "m1-2s-0-abcdefghijklmnop", token);
    ReportMatcher.Match m = MATCHER.match(r).orElseThrow();
    assertEquals(token, m.token());
    assertEquals("bob@dest.example", m.address());
    LateReports.Failed f = (LateReports.Failed) m.outcome();
    assertEquals("5.1.1", f.status());
    assertEquals(true, f.permanent());
    assertEquals(NdrCodes.MAPI_REASON_TRANSFER_IMPOSSIBLE, f.ndrReasonCode());
    assertEquals(NdrCodes.MAPI_DIAG_MAIL_RECIPIENT_UNKNOWN, f.ndrDiagCode());
    assertEquals(
        "550 5.1.1 <bob@dest.example>: Recipient address rejected: User unknown in virtual"
            + " mailbox table (reported by mx.dest.example)",
        f.detail());
  }

  @Test
  void a_forged_token_matches_nothing() throws Exception {
    DeliveryReport forged = sampleWith("postfix-user-unknown.eml", "", null);
    assertEquals(Optional.empty(), MATCHER.match(forged));
  }

  @Test
  void a_token_under_another_prefix_matches_nothing() throws Exception {
    DeliveryReport r =
        sampleWith("postfix-user-unknown.eml", "bounces+m1-2s-0-abcdefghijklmnop", null);
    ReportMatcher other = new ReportMatcher("returns-", List.of(KEY));
    assertEquals(Optional.empty(), other.match(r));
  }

  @Test
  void of_two_recipients_the_failure_decides_and_a_disabled_mailbox_is_mail_refused()
      throws Exception {
    DeliveryReport r =
        sampleWith("exim-two-recipients.eml", "m1-2t-1-qrstuvwxyzabcdef", new BounceToken(1, 5, 1));
    LateReports.Failed f = (LateReports.Failed) MATCHER.match(r).orElseThrow().outcome();
    assertEquals("5.2.1", f.status());
    assertEquals(NdrCodes.MAPI_DIAG_MAIL_REFUSED, f.ndrDiagCode());
  }

  @Test
  void a_complaint_with_our_token_in_the_original_envelope_sender_is_a_complaint()
      throws Exception {
    BounceToken token = new BounceToken(3, 7, 0);
    DeliveryReport r = sampleWith("arf-complaint.eml", "m3-4x-0-efghijklmnopqrst", token);
    ReportMatcher.Match m = MATCHER.match(r).orElseThrow();
    assertEquals(token, m.token());
    assertEquals(new LateReports.Complained("abuse"), m.outcome());
    assertEquals("ivan@mailbox-provider.example", m.address());
  }

  @Test
  void a_success_notice_keeps_delivered_apart_from_relayed() throws Exception {
    DeliveryReport r =
        sampleWith("relayed-success.eml", "m1-2w-0-defghijklmnopqrs", new BounceToken(1, 9, 0));
    LateReports.Delivered d = (LateReports.Delivered) MATCHER.match(r).orElseThrow().outcome();
    assertEquals(false, d.relayed());
    assertEquals("delivered", d.action());
  }

  @Test
  void a_failure_the_remote_system_gave_up_on_is_not_permanent() {
    assertEquals(
        new NdrCodes(NdrCodes.MAPI_REASON_TRANSFER_FAILED, NdrCodes.MAPI_DIAG_MAXIMUM_TIME_EXPIRED),
        NdrCodes.of("4.4.7"));
  }

  @Test
  void a_token_shaped_address_no_key_signed_is_forged_and_a_report_without_one_merely_unmatched()
      throws Exception {
    DeliveryReport forged = sampleWith("postfix-user-unknown.eml", "", null);
    assertEquals(
        Optional.of("bounces+m1-2s-0-abcdefghijklmnop@shop.example"), MATCHER.forgedToken(forged));
    // The fake token's address replaced by a plain one: nothing of ours in it.
    String text =
        BounceSamples.text("postfix-user-unknown.eml")
            .replace("bounces+m1-2s-0-abcdefghijklmnop@shop.example", "orders@shop.example");
    DeliveryReport plain = ReportParser.parse(BounceSamples.mime(text));
    assertEquals(Optional.empty(), MATCHER.match(plain));
    assertEquals(Optional.empty(), MATCHER.forgedToken(plain));
    BounceToken valid = new BounceToken(1, 100, 2);
    DeliveryReport ours = sampleWith("postfix-user-unknown.eml", "m1-2s-0-abcdefghijklmnop", valid);
    assertEquals(Optional.empty(), MATCHER.forgedToken(ours), "a valid token is not forged");
  }

  @Test
  void a_signed_ENVID_matches_a_report_that_came_back_to_another_address() throws Exception {
    BounceToken token = new BounceToken(1, 5, 1);
    String text =
        BounceSamples.text("exim-two-recipients.eml")
            .replace("bounces+m1-2t-1-qrstuvwxyzabcdef@shop.example", "postmaster@shop.example")
            .replace(
                "Original-Envelope-Id: order-4712", "Original-Envelope-Id: " + token.sign(KEY));
    ReportMatcher.Match m =
        MATCHER.match(ReportParser.parse(BounceSamples.mime(text))).orElseThrow();
    assertEquals(token, m.token());
    String unsigned =
        BounceSamples.text("exim-two-recipients.eml")
            .replace("bounces+m1-2t-1-qrstuvwxyzabcdef@shop.example", "postmaster@shop.example");
    DeliveryReport plainEnvid = ReportParser.parse(BounceSamples.mime(unsigned));
    assertEquals(Optional.empty(), MATCHER.match(plainEnvid), "ENVID order-4712 is no token");
    assertEquals(Optional.empty(), MATCHER.forgedToken(plainEnvid));
  }
}
