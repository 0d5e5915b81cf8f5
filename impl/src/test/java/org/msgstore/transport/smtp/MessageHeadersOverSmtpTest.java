package org.msgstore.transport.smtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.msgstore.Attachment;
import org.msgstore.Compose;
import org.msgstore.FolderKind;
import org.msgstore.Message;
import org.msgstore.OneOffRecipient;
import org.msgstore.PropTag;
import org.msgstore.Row;

/**
 * Issue 16 part 1 end to end: what the MAPI properties and the message's own internet headers
 * become on the wire, submitted through the store, sent by the spooler's SMTP transport to a real
 * SMTP server on loopback (GreenMail) and parsed back from what it received.
 */
class MessageHeadersOverSmtpTest {
  /** A PNG signature and a few more bytes: content that must arrive unchanged. */
  static final byte[] LOGO = {
    (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R', 1, 2, 3
  };

  @TempDir Path dir;
  LoopbackMail mail;

  @BeforeEach
  void open() throws Exception {
    mail = new LoopbackMail(dir);
    mail.startSmtp();
  }

  @AfterEach
  void close() throws Exception {
    mail.close();
  }

  @Test
  void reply_to_in_reply_to_references_importance_priority_and_sensitivity_arrive_exactly()
      throws Exception {
    List<OneOffRecipient> replyTo =
        List.of(
            OneOffRecipient.smtp("Kundendienst Süd", "service@example.com"),
            OneOffRecipient.smtp("", "orders@example.com"));
    String references = "<a1@shop.example.com> <a2@shop.example.com> <a3@shop.example.com>";
    try (Message m = mail.draft()) {
      m.set(PropTag.PR_REPLY_RECIPIENT_ENTRIES, OneOffRecipient.flatEntryList(replyTo));
      m.set(PropTag.PR_REPLY_RECIPIENT_NAMES, OneOffRecipient.names(replyTo));
      m.set(PropTag.PR_IN_REPLY_TO_ID, "<a3@shop.example.com>");
      m.set(PropTag.PR_INTERNET_REFERENCES, references);
      m.set(PropTag.PR_IMPORTANCE, 2);
      m.set(PropTag.PR_PRIORITY, 1);
      m.set(PropTag.PR_SENSITIVITY, 3);
      m.submit();
    }
    MimeMessage received = mail.deliverOne();

    InternetAddress[] reply = (InternetAddress[]) received.getReplyTo();
    assertEquals(2, reply.length);
    assertEquals("service@example.com", reply[0].getAddress());
    assertEquals("Kundendienst Süd", reply[0].getPersonal());
    assertEquals("orders@example.com", reply[1].getAddress());
    assertNull(reply[1].getPersonal());
    assertEquals("<a3@shop.example.com>", only(received, "In-Reply-To"));
    assertEquals(references, MimeUtility.unfold(only(received, "References")));
    assertEquals("high", only(received, "Importance"));
    assertEquals("1 (Highest)", only(received, "X-Priority"));
    assertEquals("Company-Confidential", only(received, "Sensitivity"));
  }

  @Test
  void low_importance_non_urgent_priority_and_personal_sensitivity_have_their_own_values()
      throws Exception {
    try (Message m = mail.draft()) {
      m.set(PropTag.PR_IMPORTANCE, 0);
      m.set(PropTag.PR_PRIORITY, -1);
      m.set(PropTag.PR_SENSITIVITY, 1);
      m.submit();
    }
    MimeMessage received = mail.deliverOne();
    assertEquals("low", only(received, "Importance"));
    assertEquals("5 (Lowest)", only(received, "X-Priority"));
    assertEquals("Personal", only(received, "Sensitivity"));
    assertNull(received.getHeader("Reply-To"), "no Reply-To without PR_REPLY_RECIPIENT_ENTRIES");
    assertNull(received.getHeader("In-Reply-To"));
    assertNull(received.getHeader("References"));
  }

  @Test
  void a_long_references_list_is_folded_between_ids_and_unfolds_to_the_property() throws Exception {
    StringBuilder refs = new StringBuilder();
    for (int i = 0; i < 60; i++) {
      refs.append(i == 0 ? "" : " ").append("<thread-").append(i).append("@shop.example.com>");
    }
    try (Message m = mail.draft()) {
      m.set(PropTag.PR_INTERNET_REFERENCES, refs.toString());
      m.submit();
    }
    MimeMessage received = mail.deliverOne();
    String raw = only(received, "References");
    assertTrue(raw.contains("\r\n"), "folded: " + raw.length() + " characters in one line");
    for (String line : raw.split("\r\n")) {
      assertTrue(line.length() < 998, "each line within RFC 5322's limit");
    }
    assertEquals(refs.toString(), MimeUtility.unfold(raw));
  }

  @Test
  void the_messages_own_internet_headers_are_stored_with_it_and_written_as_given()
      throws Exception {
    try (Message m = mail.draft()) {
      m.setInternetHeader("List-Unsubscribe", "<https://shop.example.com/u/42>, <mailto:u@x.test>");
      m.setInternetHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
      m.setInternetHeader("List-Id", "Shop news <news.shop.example.com>");
      m.setInternetHeader("X-Correlation-Id", "order-42");
      m.setInternetHeader("x-correlation-id", "order-42\tretry"); // same name: replaced
      m.saveChanges();
    }
    Row row = mail.shop.openFolder(FolderKind.OUTBOX).getContentsTable().get(0);
    try (Message m = mail.shop.openEntry(row.entryId(), org.msgstore.OpenFlag.MAPI_MODIFY)) {
      assertEquals(
          List.of("List-Unsubscribe", "List-Unsubscribe-Post", "List-Id", "x-correlation-id"),
          List.copyOf(m.getInternetHeaders().asMap().keySet()),
          "kept with the message, in order");
      m.submit();
    }
    MimeMessage received = mail.deliverOne();

    assertEquals(
        "<https://shop.example.com/u/42>, <mailto:u@x.test>", only(received, "List-Unsubscribe"));
    assertEquals("List-Unsubscribe=One-Click", only(received, "List-Unsubscribe-Post"));
    assertEquals("Shop news <news.shop.example.com>", only(received, "List-Id"));
    assertEquals("order-42\tretry", only(received, "X-Correlation-Id"));
    String raw = rawHeaders(received);
    assertTrue(raw.contains("\r\nx-correlation-id: order-42\tretry\r\n"), "name as given: " + raw);
    assertTrue(
        raw.contains(
            "\r\nList-Unsubscribe: <https://shop.example.com/u/42>, <mailto:u@x.test>\r\n"),
        "value as given, unfolded: " + raw);
  }

  @Test
  void an_inline_image_is_in_multipart_related_with_the_html_and_found_by_its_content_id()
      throws Exception {
    Compose.in(mail.connection())
        .from("Shop", "shop@example.com")
        .to("Alice", "alice@example.com")
        .replyTo("Customer service", "service@example.com")
        .subject("Order 42 confirmed")
        .text("Thank you for your order.")
        .html("<p>Thank you for your order.</p><img src=\"cid:logo\" alt=\"Shop\">")
        .inline("logo", "logo.png", "image/png", LOGO)
        .attach(
            "invoice.pdf",
            "application/pdf",
            new ByteArrayInputStream("%PDF-1.7".getBytes(StandardCharsets.US_ASCII)))
        .header("List-Unsubscribe", "<https://shop.example.com/u/42>")
        .header("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")
        .submit();
    MimeMessage received = mail.deliverOne();

    assertEquals("service@example.com", ((InternetAddress) received.getReplyTo()[0]).getAddress());
    assertEquals("<https://shop.example.com/u/42>", only(received, "List-Unsubscribe"));
    Multipart mixed = multipart(received, "multipart/mixed", 2);
    Multipart alternative = multipart(mixed.getBodyPart(0), "multipart/alternative", 2);
    assertTrue(alternative.getBodyPart(0).isMimeType("text/plain"));
    BodyPart relatedPart = alternative.getBodyPart(1);
    assertEquals("text/html", new ContentType(relatedPart.getContentType()).getParameter("type"));
    Multipart related = multipart(relatedPart, "multipart/related", 2);
    BodyPart html = related.getBodyPart(0);
    assertTrue(html.isMimeType("text/html"));

    // Resolve the HTML's cid: reference as a mail client does (RFC 2392).
    Matcher cid = Pattern.compile("src=\"cid:([^\"]+)\"").matcher((String) html.getContent());
    assertTrue(cid.find());
    BodyPart image = partWithContentId(related, "<" + cid.group(1) + ">");
    assertTrue(image.isMimeType("image/png"));
    assertEquals(Part.INLINE, image.getDisposition());
    assertArrayEquals(LOGO, image.getInputStream().readAllBytes());

    BodyPart invoice = mixed.getBodyPart(1);
    assertTrue(invoice.isMimeType("application/pdf"));
    assertEquals(Part.ATTACHMENT, invoice.getDisposition());
    assertEquals("invoice.pdf", invoice.getFileName());

    // The Sent Items copy keeps the MAPI view: the logo is hidden and has its content id.
    Row sent = mail.shop.openFolder(FolderKind.SENT_ITEMS).getContentsTable().get(0);
    try (Message m = mail.shop.openEntry(sent.entryId())) {
      List<Attachment> attachments = m.getAttachments();
      assertEquals("logo", attachments.get(0).contentId());
      assertTrue(attachments.get(0).hidden());
      assertNull(attachments.get(1).contentId());
      assertEquals(false, attachments.get(1).hidden());
    }
  }

  @Test
  void an_attached_message_is_kept_as_message_rfc822_and_opens_as_a_message() throws Exception {
    MimeMessage original = new MimeMessage(Session.getInstance(new Properties()));
    original.setFrom("bob@example.com");
    original.setSubject("The original");
    original.setText("Original text.");
    original.saveChanges();
    ByteArrayOutputStream eml = new ByteArrayOutputStream();
    original.writeTo(eml);
    try (Message m = mail.draft()) {
      m.addAttachment(
          "original.eml", "message/rfc822", new ByteArrayInputStream(eml.toByteArray()));
      m.submit();
    }
    MimeMessage received = mail.deliverOne();

    Multipart mixed = multipart(received, "multipart/mixed", 2);
    BodyPart attached = mixed.getBodyPart(1);
    assertTrue(attached.isMimeType("message/rfc822"), attached.getContentType());
    assertNull(
        attached.getHeader("Content-Transfer-Encoding"),
        "no base64: RFC 2046 allows a message/rfc822 only in 7bit, 8bit or binary");
    MimeMessage inner = assertInstanceOf(MimeMessage.class, attached.getContent());
    assertEquals("The original", inner.getSubject());
    assertEquals("Original text.", ((String) inner.getContent()).strip());
  }

  @Test
  void a_content_id_without_an_html_body_makes_an_ordinary_attachment() throws Exception {
    try (Message m = mail.draft()) {
      int n = m.addAttachment("logo.png", "image/png", new ByteArrayInputStream(LOGO)).number();
      m.setAttachmentProperty(n, PropTag.PR_ATTACH_CONTENT_ID, "<logo@shop.example.com>");
      m.submit();
    }
    MimeMessage received = mail.deliverOne();
    Multipart mixed = multipart(received, "multipart/mixed", 2);
    assertTrue(mixed.getBodyPart(0).isMimeType("text/plain"));
    BodyPart logo = mixed.getBodyPart(1);
    assertEquals(Part.ATTACHMENT, logo.getDisposition());
    assertEquals("<logo@shop.example.com>", only(logo, "Content-ID"));
    assertArrayEquals(LOGO, logo.getInputStream().readAllBytes());
  }

  private static Multipart multipart(Part part, String type, int count) throws Exception {
    assertTrue(part.isMimeType(type), part.getContentType() + " is not " + type);
    Multipart mp = (Multipart) part.getContent();
    assertEquals(count, mp.getCount(), type + " parts");
    return mp;
  }

  private static BodyPart partWithContentId(Multipart mp, String contentId) throws Exception {
    List<String> seen = new ArrayList<>();
    for (int i = 0; i < mp.getCount(); i++) {
      String[] ids = mp.getBodyPart(i).getHeader("Content-ID");
      if (ids != null && ids[0].equals(contentId)) {
        return mp.getBodyPart(i);
      }
      seen.add(ids == null ? null : ids[0]);
    }
    throw new AssertionError("no part with Content-ID " + contentId + ", only " + seen);
  }

  /** The one value of header {@code name}: present exactly once. */
  private static String only(Part part, String name) throws Exception {
    String[] values = part.getHeader(name);
    assertTrue(
        values != null && values.length == 1,
        name + " once: " + List.of(values == null ? new String[0] : values));
    return values[0];
  }

  private static String rawHeaders(MimeMessage m) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    m.writeTo(out);
    String all = out.toString(StandardCharsets.ISO_8859_1);
    return "\r\n" + all.substring(0, all.indexOf("\r\n\r\n") + 2);
  }
}
