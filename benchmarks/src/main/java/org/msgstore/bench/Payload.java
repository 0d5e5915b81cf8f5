package org.msgstore.bench;

import jakarta.activation.DataHandler;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.util.Random;

/**
 * The one message every path sends: a subject, a text body of ~2.5 KiB and a 1 KiB binary
 * attachment (≈4 KiB of MIME once base64-encoded), to three SMTP recipients (To, Cc, Bcc). The sink
 * is not a local domain, so MsgStore hands all three to the SMTP transport in one envelope.
 */
final class Payload {
  static final String FROM = "bench@bench.example";
  static final String TO = "to@bench.example";
  static final String CC = "cc@bench.example";
  static final String BCC = "bcc@bench.example";
  static final String ATTACHMENT_NAME = "invoice.bin";
  static final String ATTACHMENT_TYPE = "application/octet-stream";
  static final String BODY;
  static final byte[] ATTACHMENT = new byte[1024];

  static {
    StringBuilder b = new StringBuilder();
    while (b.length() < 2500) {
      b.append(
          "Dear customer, thank you for your order. This line pads the body to a realistic size.\n");
    }
    BODY = b.toString();
    new Random(42).nextBytes(ATTACHMENT);
  }

  private Payload() {}

  static String subject(long n) {
    return "Order " + n + " confirmed";
  }

  /** The same message as Jakarta Mail MIME, as the JMS path's MDB and the mail paths build it. */
  static MimeMessage mime(Session session, String subject, String body, byte[] attachment)
      throws MessagingException {
    MimeMessage m = new MimeMessage(session);
    m.setFrom(new InternetAddress(FROM));
    m.setRecipient(RecipientType.TO, new InternetAddress(TO));
    m.setRecipient(RecipientType.CC, new InternetAddress(CC));
    m.setRecipient(RecipientType.BCC, new InternetAddress(BCC));
    m.setSubject(subject, "UTF-8");
    MimeBodyPart text = new MimeBodyPart();
    text.setText(body, "UTF-8");
    MimeBodyPart file = new MimeBodyPart();
    file.setDataHandler(new DataHandler(new ByteArrayDataSource(attachment, ATTACHMENT_TYPE)));
    file.setFileName(ATTACHMENT_NAME);
    MimeMultipart multipart = new MimeMultipart();
    multipart.addBodyPart(text);
    multipart.addBodyPart(file);
    m.setContent(multipart);
    m.saveChanges();
    return m;
  }
}
