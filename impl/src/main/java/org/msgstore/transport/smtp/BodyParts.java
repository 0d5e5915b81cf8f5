package org.msgstore.transport.smtp;

import jakarta.activation.DataHandler;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimePart;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.msgstore.Attachment;
import org.msgstore.PropTag;
import org.msgstore.spi.OutboundMessage;

/**
 * The MIME structure of a message's content:
 *
 * <pre>
 * multipart/mixed                      only with attachments
 *   multipart/alternative              only with an HTML body
 *     text/plain                       PR_BODY
 *     multipart/related; type=text/html   only with inline parts
 *       text/html                      PR_HTML
 *       image/png; Content-ID: &lt;logo&gt;  each attachment with PR_ATTACH_CONTENT_ID
 *   attachments                        base64; message/rfc822 as it is
 * </pre>
 *
 * An attachment with a content id but no HTML body to show it is sent as an ordinary attachment.
 */
final class BodyParts {
  private BodyParts() {}

  static void setContent(OutboundMessage message, MimePart target) throws MessagingException {
    String text = message.get(PropTag.PR_BODY, "");
    byte[] html = message.get(PropTag.PR_HTML);
    List<Attachment> inline = new ArrayList<>();
    List<Attachment> attached = new ArrayList<>();
    for (Attachment a : message.attachments()) {
      (html != null && a.contentId() != null ? inline : attached).add(a);
    }
    if (attached.isEmpty()) {
      body(text, html, inline, target);
      return;
    }
    MimeMultipart mixed = new MimeMultipart("mixed");
    MimeBodyPart body = new MimeBodyPart();
    body(text, html, inline, body);
    mixed.addBodyPart(body);
    for (Attachment a : attached) {
      mixed.addBodyPart(attachmentPart(a));
    }
    target.setContent(mixed);
  }

  private static void body(String text, byte[] html, List<Attachment> inline, MimePart target)
      throws MessagingException {
    if (html == null) {
      target.setDataHandler(new DataHandler(new TextSource(text, "plain")));
      return;
    }
    MimeMultipart alt = new MimeMultipart("alternative");
    MimeBodyPart plain = new MimeBodyPart();
    plain.setDataHandler(new DataHandler(new TextSource(text, "plain")));
    alt.addBodyPart(plain);
    MimeBodyPart rich = new MimeBodyPart();
    // Decoded and encoded again, as before: bytes that are not UTF-8 become U+FFFD.
    rich.setDataHandler(
        new DataHandler(new TextSource(new String(html, StandardCharsets.UTF_8), "html")));
    if (inline.isEmpty()) {
      alt.addBodyPart(rich);
    } else {
      MimeMultipart related = related();
      related.addBodyPart(rich);
      for (Attachment a : inline) {
        related.addBodyPart(inlinePart(a));
      }
      MimeBodyPart relatedPart = new MimeBodyPart();
      relatedPart.setContent(related);
      alt.addBodyPart(relatedPart);
    }
    target.setContent(alt);
  }

  /** multipart/related with the type parameter RFC 2387 requires: the root is the HTML. */
  private static MimeMultipart related() throws MessagingException {
    return new MimeMultipart("related") {
      {
        ContentType type = new ContentType(contentType);
        type.setParameter("type", "text/html");
        contentType = type.toString();
      }
    };
  }

  private static MimeBodyPart inlinePart(Attachment attachment) throws MessagingException {
    MimeBodyPart part = streamed(attachment);
    part.setContentID("<" + attachment.contentId() + ">");
    part.setDisposition(Part.INLINE);
    return part;
  }

  private static MimeBodyPart attachmentPart(Attachment attachment) throws MessagingException {
    MimeBodyPart part = streamed(attachment);
    part.setDisposition(Part.ATTACHMENT);
    if (attachment.contentId() != null) {
      part.setContentID("<" + attachment.contentId() + ">");
    }
    return part;
  }

  private static MimeBodyPart streamed(Attachment attachment) throws MessagingException {
    AttachmentDataSource source = new AttachmentDataSource(attachment);
    MimeBodyPart part = new MimeBodyPart();
    part.setDataHandler(new DataHandler(source));
    part.setFileName(source.getName());
    if (!source.getContentType().toLowerCase(Locale.ROOT).startsWith("message/rfc822")) {
      // Set explicitly: otherwise Jakarta Mail reads the whole stream once just to pick an
      // encoding. An attached message stays message/rfc822, which RFC 2046 5.2.1 allows only in
      // 7bit, 8bit or binary: it goes as it is, a message the reader opens as one.
      part.setHeader("Content-Transfer-Encoding", "base64");
    }
    return part;
  }
}
