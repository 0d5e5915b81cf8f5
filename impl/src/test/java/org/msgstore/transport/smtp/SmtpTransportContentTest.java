package org.msgstore.transport.smtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.msgstore.PropTag;
import org.msgstore.RecipientType;
import org.msgstore.spi.DeliveryResult;
import org.msgstore.spi.DeliveryResult.Delivered;
import org.msgstore.testing.TestTransportContext;

/** What arrives at a real SMTP server (GreenMail on a free loopback port). */
class SmtpTransportContentTest {
  @RegisterExtension
  static final GreenMailExtension GREEN_MAIL =
      new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

  private SmtpTransport transport;

  @AfterEach
  void close() {
    if (transport != null) {
      transport.close();
    }
  }

  private SmtpTransport transport() {
    transport =
        TestTransportContext.startedSmtp(
            TestTransportContext.smtpLoopback(GREEN_MAIL.getSmtp().getPort()));
    return transport;
  }

  private static FakeMessage fullMessage(FakeAttachment attachment) {
    return FakeMessage.from("alice@sender.test", "Alice Ärger")
        .with(PropTag.PR_SUBJECT, "Grüße – 日本語 ✓")
        .with(PropTag.PR_BODY, "Hallo Welt, ça va?")
        .with(PropTag.PR_CLIENT_SUBMIT_TIME, TestTransportContext.NOW)
        .messageId("<stable-42@msgstore.test>")
        .to(RecipientType.TO, "Tom", "tom@to.test")
        .to(RecipientType.CC, "Cleo", "cleo@cc.test")
        .to(RecipientType.BCC, "Bea", "bea@bcc.test")
        .to(RecipientType.P1, "Pete", "pete@p1.test")
        .attach(attachment);
  }

  private static byte[] binary(int size) {
    byte[] b = new byte[size];
    for (int i = 0; i < size; i++) {
      b[i] = (byte) (i * 31 + 7);
    }
    return b;
  }

  /** The messages in one mailbox: what the envelope delivered there, whatever the headers say. */
  private static List<MimeMessage> inbox(String email) throws Exception {
    GreenMailUser user = GREEN_MAIL.getUserManager().getUserByEmail(email);
    if (user == null) {
      return List.of();
    }
    return GREEN_MAIL.getManagers().getImapHostManager().getInbox(user).getMessages().stream()
        .map(StoredMessage::getMimeMessage)
        .toList();
  }

  private static MimeMessage onlyMessageFor(String email) throws Exception {
    List<MimeMessage> got = inbox(email);
    assertEquals(1, got.size(), "messages received by " + email);
    return got.get(0);
  }

  private static List<String> headerAddresses(MimeMessage m, Message.RecipientType type)
      throws Exception {
    Address[] a = m.getRecipients(type);
    return a == null
        ? List.of()
        : Arrays.stream(a).map(x -> ((InternetAddress) x).getAddress()).toList();
  }

  @Test
  void bcc_and_p1_recipients_receive_the_message_but_never_appear_in_its_headers_R15()
      throws Exception {
    FakeMessage m = fullMessage(new FakeAttachment("report.pdf", "application/pdf", binary(10)));

    List<DeliveryResult> v = transport().deliver(m, m.offered());

    v.forEach(r -> assertInstanceOf(Delivered.class, r));
    for (String mailbox : List.of("tom@to.test", "cleo@cc.test", "bea@bcc.test", "pete@p1.test")) {
      MimeMessage got = onlyMessageFor(mailbox);
      assertEquals(List.of("tom@to.test"), headerAddresses(got, Message.RecipientType.TO));
      assertEquals(List.of("cleo@cc.test"), headerAddresses(got, Message.RecipientType.CC));
      assertNull(got.getHeader("Bcc"), "no Bcc header at " + mailbox);
      String raw = new String(got.getRawInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
      String headers = String.join("\n", java.util.Collections.list(got.getAllHeaderLines()));
      assertTrue(!headers.contains("bea@bcc.test") && !headers.contains("pete@p1.test"), headers);
      assertTrue(
          !raw.contains("bea@bcc.test") && !raw.contains("pete@p1.test"),
          "body leaks a hidden recipient");
    }
  }

  @Test
  void headers_carry_the_stable_Message_ID_the_UTF_8_subject_the_sender_and_the_submit_time()
      throws Exception {
    FakeMessage m = fullMessage(new FakeAttachment("a.bin", "application/octet-stream", binary(3)));

    transport().deliver(m, m.offered());

    MimeMessage got = onlyMessageFor("tom@to.test");
    assertEquals("<stable-42@msgstore.test>", got.getMessageID());
    assertEquals("Grüße – 日本語 ✓", got.getSubject());
    assertTrue(got.getHeader("Subject")[0].startsWith("=?UTF-8?"), got.getHeader("Subject")[0]);
    InternetAddress from = (InternetAddress) got.getFrom()[0];
    assertEquals("alice@sender.test", from.getAddress());
    assertEquals("Alice Ärger", from.getPersonal());
    assertEquals(TestTransportContext.NOW, got.getSentDate().toInstant());
    assertEquals("01020304", got.getHeader("X-MsgStore-Entry-Id")[0]);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "x", // 5,000 characters without a space
        "Grüße-", // a long word with non-ASCII in it
      })
  void a_subject_word_longer_than_a_header_line_is_folded_into_encoded_words(String unit)
      throws Exception {
    String subject = "Re: " + unit.repeat(5_000 / unit.length()) + " end";
    FakeMessage m =
        FakeMessage.from("alice@sender.test", "Alice")
            .with(PropTag.PR_SUBJECT, subject)
            .messageId("<long-subject@msgstore.test>")
            .to(RecipientType.TO, "Tom", "tom@to.test");

    transport().deliver(m, m.offered());

    MimeMessage got = onlyMessageFor("tom@to.test");
    assertEquals(subject, got.getSubject(), "the reader sees the whole subject");
    String subjectField = String.join("\r\n", got.getHeader("Subject"));
    for (String line : java.util.Collections.list(got.getAllHeaderLines())) {
      for (String physical : line.split("\r\n")) {
        int octets = physical.getBytes(StandardCharsets.UTF_8).length;
        assertTrue(octets <= 998, octets + " octets in one line of " + subjectField.length());
      }
    }
  }

  @Test
  void an_address_named_by_several_rows_shows_once_in_its_header() throws Exception {
    // What two distribution lists sharing a member leave: rows of one address, the repeats
    // marked as handled by the first.
    FakeMessage m =
        FakeMessage.from("alice@sender.test", "Alice")
            .to(RecipientType.TO, "Tom", "tom@to.test")
            .to(RecipientType.TO, "Tom again", "TOM@to.test")
            .to(RecipientType.TO, "Ann", "ann@to.test")
            .to(RecipientType.TO, "Tom", "tom@to.test");

    transport().deliver(m, m.offered());

    MimeMessage got = onlyMessageFor("ann@to.test");
    assertEquals(
        List.of("tom@to.test", "ann@to.test"), headerAddresses(got, Message.RecipientType.TO));
  }

  @Test
  void a_resent_message_keeps_its_Message_ID() throws Exception {
    FakeMessage m =
        FakeMessage.from("alice@sender.test", "Alice").to(RecipientType.TO, "Tom", "tom@to.test");
    SmtpTransport t = transport();

    t.deliver(m, m.offered());
    t.deliver(m, m.offered());

    List<MimeMessage> got = inbox("tom@to.test");
    assertEquals(2, got.size());
    assertEquals(got.get(0).getMessageID(), got.get(1).getMessageID());
    assertEquals("<msg-1@msgstore.test>", got.get(1).getMessageID());
  }

  @Test
  void attachment_bytes_arrive_unchanged_and_are_read_from_the_store_once_per_send()
      throws Exception {
    byte[] content = binary(300_000);
    FakeAttachment attachment =
        new FakeAttachment("Bericht ü.bin", "application/octet-stream", content);
    FakeMessage m = fullMessage(attachment);

    transport().deliver(m, m.offered());

    assertEquals(
        1, attachment.opened().get(), "opened once: streamed into DATA, never scanned first");
    Multipart mixed = (Multipart) onlyMessageFor("bea@bcc.test").getContent();
    assertEquals(2, mixed.getCount());
    assertEquals("Hallo Welt, ça va?", ((String) mixed.getBodyPart(0).getContent()).trim());
    BodyPart part = mixed.getBodyPart(1);
    assertEquals(Part.ATTACHMENT, part.getDisposition());
    assertEquals("Bericht ü.bin", part.getFileName());
    assertArrayEquals(content, part.getInputStream().readAllBytes());
  }

  @Test
  void an_html_body_is_sent_as_multipart_alternative_after_the_plain_text() throws Exception {
    FakeMessage m =
        FakeMessage.from("alice@sender.test", "Alice")
            .with(PropTag.PR_HTML, "<p>Grüße</p>".getBytes(StandardCharsets.UTF_8))
            .to(RecipientType.TO, "Tom", "tom@to.test");

    transport().deliver(m, m.offered());

    MimeMessage got = onlyMessageFor("tom@to.test");
    assertTrue(got.isMimeType("multipart/alternative"), got.getContentType());
    Multipart alt = (Multipart) got.getContent();
    assertTrue(alt.getBodyPart(0).isMimeType("text/plain"));
    assertTrue(alt.getBodyPart(1).isMimeType("text/html"));
    assertEquals("<p>Grüße</p>", ((String) alt.getBodyPart(1).getContent()).trim());
  }

  @Test
  void sending_on_behalf_of_someone_puts_the_principal_in_From_and_the_sender_in_Sender()
      throws Exception {
    FakeMessage m =
        FakeMessage.from("assistant@sender.test", "Assistant")
            .with(PropTag.PR_SENT_REPRESENTING_EMAIL_ADDRESS, "boss@sender.test")
            .with(PropTag.PR_SENT_REPRESENTING_NAME, "Boss")
            .to(RecipientType.TO, "Tom", "tom@to.test");

    transport().deliver(m, m.offered());

    MimeMessage got = onlyMessageFor("tom@to.test");
    assertEquals("boss@sender.test", ((InternetAddress) got.getFrom()[0]).getAddress());
    assertEquals("assistant@sender.test", ((InternetAddress) got.getSender()).getAddress());
  }

  /** A record of throughput on this machine, not an assertion: timing is never tested. */
  @Test
  void many_messages_flow_over_reused_sessions() throws Exception {
    SmtpTransport t = transport();
    FakeMessage m =
        FakeMessage.from("alice@sender.test", "Alice").to(RecipientType.TO, "Tom", "tom@to.test");
    int n = 200;

    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      assertInstanceOf(Delivered.class, t.deliver(m, m.offered()).get(0));
    }
    double seconds = (System.nanoTime() - start) / 1e9;

    assertEquals(1, t.openedSessions());
    System.out.printf(
        "SMTP throughput to GreenMail on loopback: %d messages in %.2f s = %.0f messages/s, 1"
            + " session%n",
        n, seconds, n / seconds);
    assertEquals(n, GREEN_MAIL.getReceivedMessages().length);
  }
}
