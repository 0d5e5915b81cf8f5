package org.msgstore.spooler;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.StringJoiner;
import org.msgstore.Message;
import org.msgstore.PropTag;
import org.msgstore.Recipient;
import org.msgstore.RecipientType;
import org.msgstore.store.OriginalRendition;

/**
 * The original message as an RFC 822 text for the NDR attachment: the headers a reader needs and
 * the text body. Header values were checked for CR/LF when they were set, so they can be written as
 * they are; non-ASCII text goes as UTF-8 (RFC 6532).
 */
final class Rfc822Rendition {
  private Rfc822Rendition() {}

  static OriginalRendition of(Message m) {
    StringBuilder b = new StringBuilder();
    String sender = m.get(PropTag.PR_SENDER_EMAIL_ADDRESS);
    if (sender != null) {
      b.append("From: ").append(sender).append("\r\n");
    }
    header(b, "To", m, RecipientType.TO);
    header(b, "Cc", m, RecipientType.CC);
    b.append("Subject: ").append(m.get(PropTag.PR_SUBJECT, "")).append("\r\n");
    Instant submitted = m.get(PropTag.PR_CLIENT_SUBMIT_TIME);
    if (submitted != null) {
      b.append("Date: ")
          .append(DateTimeFormatter.RFC_1123_DATE_TIME.format(submitted.atOffset(ZoneOffset.UTC)))
          .append("\r\n");
    }
    String id = m.get(PropTag.PR_INTERNET_MESSAGE_ID);
    if (id != null) {
      b.append("Message-ID: ").append(id).append("\r\n");
    }
    b.append("MIME-Version: 1.0\r\n");
    b.append("Content-Type: text/plain; charset=UTF-8\r\n");
    b.append("Content-Transfer-Encoding: 8bit\r\n\r\n");
    b.append(m.get(PropTag.PR_BODY, "").replace("\r\n", "\n").replace("\n", "\r\n"));
    return new OriginalRendition(
        "original.eml", "message/rfc822", b.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static void header(StringBuilder b, String name, Message m, RecipientType type) {
    StringJoiner j = new StringJoiner(", ");
    for (Recipient r : m.getRecipients()) {
      if (r.type() == type && "SMTP".equalsIgnoreCase(r.addressType())) {
        j.add(r.address());
      }
    }
    if (j.length() > 0) {
      b.append(name).append(": ").append(j).append("\r\n");
    }
  }
}
