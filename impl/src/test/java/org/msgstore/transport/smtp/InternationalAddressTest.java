package org.msgstore.transport.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.msgstore.RecipientType;
import org.msgstore.spi.DeliveryResult;
import org.msgstore.spi.DeliveryResult.Delivered;
import org.msgstore.spi.DeliveryResult.Failed;

/**
 * Non-ASCII addresses (RFC 6531, IDNA): what reaches the server is the address stored, or its IDNA
 * form, never a look-alike; the server's received command lines are the evidence.
 */
class InternationalAddressTest {
  /** Cut to its low bytes this is {@code attacker@evil.test>@good.example}. */
  private static final String SMUGGLER = "attacker\u0140evil.test\u013e@good.example";

  @AutoClose private final ScriptedRelay relay = new ScriptedRelay();
  private final ScriptedSmtpServer server = relay.server;
  private SmtpTransport transport;

  private List<DeliveryResult> deliver(FakeMessage m) throws Exception {
    transport = relay.start(relay.settings());
    return transport.deliver(m, m.offered());
  }

  private List<String> rcptLines() {
    return server.commands.stream().filter(c -> c.startsWith("RCPT")).toList();
  }

  @Test
  void a_non_ascii_local_part_never_goes_to_a_relay_without_smtputf8_and_fails_naming_why()
      throws Exception {
    FakeMessage m =
        FakeMessage.from("shop@sender.test", "Shop")
            .to(RecipientType.TO, "Bob", "bob@rcpt.test")
            .to(RecipientType.BCC, "Hidden", SMUGGLER);

    List<DeliveryResult> v = deliver(m);

    assertInstanceOf(Delivered.class, v.get(0), v.toString());
    Failed failed = assertInstanceOf(Failed.class, v.get(1), v.toString());
    assertEquals(MapiCodes.MAPI_DIAG_EITS_UNSUPPORTED, failed.ndrDiagCode());
    assertTrue(failed.reason().contains(SMUGGLER), failed.reason());
    assertTrue(failed.reason().contains("SMTPUTF8"), failed.reason());
    assertEquals(List.of("RCPT TO:<bob@rcpt.test>"), rcptLines());
    assertFalse(
        server.commands.stream().anyMatch(c -> c.contains("evil.test")), "" + server.commands);
  }

  @Test
  void a_relay_offering_smtputf8_receives_the_address_exactly_as_stored_in_utf8() throws Exception {
    server.extensions = List.of("8BITMIME", "SMTPUTF8");
    FakeMessage m =
        FakeMessage.from("shop@sender.test", "Shop").to(RecipientType.TO, "Jos\u00e9", SMUGGLER);

    List<DeliveryResult> v = deliver(m);

    assertInstanceOf(Delivered.class, v.get(0), v.toString());
    assertEquals(List.of("RCPT TO:<" + SMUGGLER + ">"), rcptLines());
    assertTrue(
        server.commands.stream()
            .anyMatch(c -> c.startsWith("MAIL FROM:") && c.endsWith("SMTPUTF8")),
        "" + server.commands);
    String data = server.received.peek().data();
    assertTrue(data.contains("<" + SMUGGLER + ">"), data);
  }

  @Test
  void when_the_headers_hold_a_non_ascii_address_nothing_is_sent_through_a_relay_without_smtputf8()
      throws Exception {
    FakeMessage m =
        FakeMessage.from("shop@sender.test", "Shop")
            .to(RecipientType.TO, "Bob", "bob@rcpt.test")
            .to(RecipientType.CC, "Smuggler", SMUGGLER);

    List<DeliveryResult> v = deliver(m);

    for (DeliveryResult r : v) {
      Failed f = assertInstanceOf(Failed.class, r, v.toString());
      assertTrue(f.reason().contains("SMTPUTF8"), f.reason());
    }
    assertEquals(List.of(), rcptLines());
    assertTrue(server.received.isEmpty());
  }

  @Test
  void an_internationalized_domain_goes_out_in_its_idna_form_through_any_relay() throws Exception {
    FakeMessage m =
        FakeMessage.from("shop@sender.test", "Shop")
            .to(RecipientType.TO, "Bob", "bob@rcpt.test")
            .to(RecipientType.BCC, "Books", "info@b\u00fccher.example");

    List<DeliveryResult> v = deliver(m);

    assertInstanceOf(Delivered.class, v.get(1), v.toString());
    assertEquals(
        List.of("RCPT TO:<bob@rcpt.test>", "RCPT TO:<info@xn--bcher-kva.example>"), rcptLines());
  }

  @Test
  void a_domain_that_idna_would_change_into_another_one_fails_instead_of_going_elsewhere()
      throws Exception {
    // U+FF45, a full-width e, maps to "e" under IDNA: the mail would go to evil.test.
    String lookAlike = "bob@\uff45vil.test";
    FakeMessage m =
        FakeMessage.from("shop@sender.test", "Shop").to(RecipientType.BCC, "Bob", lookAlike);

    List<DeliveryResult> v = deliver(m);

    Failed f = assertInstanceOf(Failed.class, v.get(0), v.toString());
    assertEquals(MapiCodes.MAPI_DIAG_MAIL_ADDRESS_INCORRECT, f.ndrDiagCode());
    assertTrue(f.reason().contains("IDNA normal form"), f.reason());
    assertTrue(server.commands.isEmpty() || rcptLines().isEmpty(), "" + server.commands);
  }

  @Test
  void addresses_with_invisible_or_control_characters_fail_at_the_smtp_layer() {
    for (String bad :
        List.of("bob\u202e@rcpt.test", "bob\u200b@rcpt.test", "bob\u0085@rcpt.test")) {
      Exception e =
          org.junit.jupiter.api.Assertions.assertThrows(
              jakarta.mail.internet.AddressException.class, () -> WireAddress.of(bad), bad);
      assertTrue(e.getMessage().contains("U+"), e.getMessage());
    }
    assertEquals(
        new WireAddress("a@b.example", "a@b.example", false), assertDoesNotThrow("a@b.example"));
  }

  private static WireAddress assertDoesNotThrow(String address) {
    return org.junit.jupiter.api.Assertions.assertDoesNotThrow(() -> WireAddress.of(address));
  }

  @Test
  void the_wire_form_is_only_the_idna_form_of_the_stored_domain() throws Exception {
    assertEquals(
        Map.of("wire", "j\u00f6rg@xn--mnchen-3ya.example", "utf8", true),
        Map.of(
            "wire", WireAddress.of("j\u00f6rg@m\u00fcnchen.example").wire(),
            "utf8", WireAddress.of("j\u00f6rg@m\u00fcnchen.example").needsSmtpUtf8()));
  }
}
