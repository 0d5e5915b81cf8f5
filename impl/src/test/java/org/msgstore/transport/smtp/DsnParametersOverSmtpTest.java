package org.msgstore.transport.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.msgstore.PropTag;
import org.msgstore.RecipientType;
import org.msgstore.bounce.BounceToken;
import org.msgstore.spi.DeliveryResult;
import org.msgstore.spi.DeliveryResult.Delivered;

/**
 * RFC 3461 parameters on the wire: NOTIFY from the MAPI report flags (R57, R58), RET=HDRS, ENVID
 * and ORCPT, only with bounceAddress and only to a relay whose EHLO offers DSN. The scripted
 * server's command lines are the evidence.
 */
class DsnParametersOverSmtpTest {
  private static final String KEY = "first-signing-key-0123";

  @AutoClose private final ScriptedRelay relay = new ScriptedRelay();
  private final ScriptedSmtpServer server = relay.server;
  private SmtpTransport transport;

  private List<DeliveryResult> deliver(FakeMessage m, boolean verp) throws Exception {
    Map<String, String> settings = relay.settings();
    if (verp) {
      settings.put("bounceAddress", "bounces@app.example.com");
      settings.put("bounceSigningKeys", KEY);
    }
    transport = relay.start(settings);
    return transport.deliver(m, m.offered());
  }

  private List<String> lines(String verb) {
    return server.commands.stream().filter(c -> c.startsWith(verb)).toList();
  }

  private static FakeMessage message(String... to) {
    FakeMessage m =
        FakeMessage.from("alice@sender.test", "Alice")
            .messageId("<order+4711=x@shop.test>")
            .rows(7, 1234);
    for (String a : to) {
      m.to(RecipientType.TO, a, a);
    }
    return m;
  }

  @Test
  void a_relay_offering_dsn_gets_ret_envid_notify_and_orcpt_for_each_recipient() throws Exception {
    server.extensions = List.of("DSN");

    List<DeliveryResult> v = deliver(message("bob@rcpt.test", "carol@rcpt.test"), true);

    v.forEach(r -> assertInstanceOf(Delivered.class, r, v.toString()));
    String bobToken = new BounceToken(7, 1234, 1).sign(KEY.getBytes(StandardCharsets.UTF_8));
    String carolToken = new BounceToken(7, 1234, 2).sign(KEY.getBytes(StandardCharsets.UTF_8));
    assertEquals(
        List.of(
            "MAIL FROM:<bounces+" + bobToken + "@app.example.com> RET=HDRS ENVID=" + bobToken,
            "MAIL FROM:<bounces+" + carolToken + "@app.example.com> RET=HDRS ENVID=" + carolToken),
        lines("MAIL"));
    assertEquals(
        List.of(
            "RCPT TO:<bob@rcpt.test> NOTIFY=FAILURE,DELAY ORCPT=rfc822;bob@rcpt.test",
            "RCPT TO:<carol@rcpt.test> NOTIFY=FAILURE,DELAY ORCPT=rfc822;carol@rcpt.test"),
        lines("RCPT"));
  }

  @Test
  void a_relay_not_offering_dsn_gets_no_dsn_parameter() throws Exception {
    List<DeliveryResult> v =
        deliver(
            message("bob@rcpt.test", "carol@rcpt.test")
                .with(PropTag.PR_ORIGINATOR_DELIVERY_REPORT_REQUESTED, true),
            true);

    v.forEach(r -> assertInstanceOf(Delivered.class, r, v.toString()));
    assertEquals(2, lines("MAIL").size());
    for (String line : server.commands) {
      for (String parameter : List.of("NOTIFY", "RET=", "ENVID", "ORCPT")) {
        assertFalse(line.contains(parameter), line);
      }
    }
  }

  @ParameterizedTest(name = "delivery report {0}, non-delivery report {1} -> NOTIFY={2}")
  @CsvSource(
      nullValues = "unset",
      value = {
        "unset, unset, 'FAILURE,DELAY'",
        "false, true,  'FAILURE,DELAY'",
        "true,  unset, 'SUCCESS,FAILURE,DELAY'",
        "true,  true,  'SUCCESS,FAILURE,DELAY'",
        "unset, false, NEVER",
        "false, false, NEVER",
        "true,  false, SUCCESS"
      })
  void R57_R58_the_report_flags_decide_notify(
      Boolean deliveryReport, Boolean nonDeliveryReport, String notify) throws Exception {
    server.extensions = List.of("DSN");
    FakeMessage m = message("bob@rcpt.test");
    if (deliveryReport != null) {
      m.with(PropTag.PR_ORIGINATOR_DELIVERY_REPORT_REQUESTED, deliveryReport);
    }
    if (nonDeliveryReport != null) {
      m.with(PropTag.PR_ORIGINATOR_NON_DELIVERY_REPORT_REQUESTED, nonDeliveryReport);
    }

    deliver(m, true);

    assertEquals(
        List.of("RCPT TO:<bob@rcpt.test> NOTIFY=" + notify + " ORCPT=rfc822;bob@rcpt.test"),
        lines("RCPT"));
  }

  @Test
  void without_a_bounce_address_no_dsn_parameter_goes_out_even_to_a_relay_offering_dsn()
      throws Exception {
    // The reports would go to the From address: no RET=HDRS stripping a person's bounce, no
    // relay success reports there.
    server.extensions = List.of("DSN");

    deliver(
        message("bob@rcpt.test", "carol@rcpt.test")
            .with(PropTag.PR_ORIGINATOR_DELIVERY_REPORT_REQUESTED, true),
        false);

    assertEquals(List.of("MAIL FROM:<alice@sender.test>"), lines("MAIL"));
    assertEquals(List.of("RCPT TO:<bob@rcpt.test>", "RCPT TO:<carol@rcpt.test>"), lines("RCPT"));
  }

  @Test
  void an_international_address_gets_its_orcpt_in_rfc_6533_utf8_form() throws Exception {
    server.extensions = List.of("SMTPUTF8", "DSN");

    List<DeliveryResult> v = deliver(message("j\u00f6rg+news@rcpt.test"), true);

    assertInstanceOf(Delivered.class, v.get(0), v.toString());
    assertEquals(
        List.of(
            "RCPT TO:<j\u00f6rg+news@rcpt.test> NOTIFY=FAILURE,DELAY"
                + " ORCPT=utf-8;j\u00f6rg\\x{2B}news@rcpt.test"),
        lines("RCPT"));
  }

  @Test
  void xtext_keeps_printable_ascii_and_hex_encodes_plus_equals_space_and_utf8_octets() {
    assertEquals("a+2Bb+3Dc+20d", DsnParameters.xtext("a+b=c d"));
    assertEquals("+C3+A9", DsnParameters.xtext("\u00e9"));
    assertEquals(null, DsnParameters.envid("x".repeat(101)), "ENVID is at most 100 characters");
    // A Message-ID as ENVID (a message without store rows): '+' and '=' as +2B and +3D.
    assertEquals("order+2B4711+3Dx@shop.test", DsnParameters.envid("order+4711=x@shop.test"));
  }
}
