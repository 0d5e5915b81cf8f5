package org.msgstore.transport.smtp.dkim;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.List;
import java.util.StringJoiner;
import java.util.function.Function;
import org.apache.james.jdkim.DKIMSigner;
import org.apache.james.jdkim.api.BodyHasher;
import org.apache.james.jdkim.exceptions.PermFailException;

/**
 * Computes a message's DKIM-Signature with the jDKIM library: rsa-sha256, relaxed/relaxed, over the
 * header fields below that the message has, and the body as it goes on the wire. The message is
 * written once for this (attachments streamed, as when it is sent), and the signature is added as a
 * header field; the fields and body do not change after, so what is sent is what was signed.
 */
final class MessageSigner {
  /**
   * The fields signed when present, each occurrence: the author and recipients, what the reader
   * sees, threading, the MIME structure, and the one-click unsubscribe fields receivers act on.
   */
  static final List<String> SIGNED_FIELDS =
      List.of(
          "from",
          "sender",
          "reply-to",
          "subject",
          "date",
          "message-id",
          "to",
          "cc",
          "in-reply-to",
          "references",
          "mime-version",
          "content-type",
          "content-transfer-encoding",
          "content-id",
          "content-description",
          "content-disposition",
          "list-id",
          "list-unsubscribe",
          "list-unsubscribe-post");

  /** What the SMTP client leaves out of DATA; the signature covers exactly what it sends. */
  private static final String[] NOT_SENT = {"Bcc", "Content-Length"};

  private static final String HEADER = "DKIM-Signature";

  private MessageSigner() {}

  /**
   * Signs {@code mime} for {@code domain} with {@code selector} and {@code key}, adding its
   * DKIM-Signature field.
   *
   * @throws IOException when the content cannot be read (an attachment from the store)
   * @throws MessagingException when Jakarta Mail cannot write the message
   * @throws PermFailException when the library refuses the signature's parameters
   */
  static void sign(MimeMessage mime, String domain, String selector, PrivateKey key, Instant now)
      throws IOException, MessagingException, PermFailException {
    Hashing hashing = new Hashing(domain, selector, key, now);
    WrittenMessage written = new WrittenMessage(hashing);
    try (written) {
      mime.writeTo(written, NOT_SENT);
    }
    if (hashing.refused != null) {
      throw hashing.refused;
    }
    String field = hashing.signer.sign(written, hashing.hasher);
    mime.addHeader(HEADER, folded(field.substring(field.indexOf(':') + 1).strip()));
  }

  /** Starts the body hash once the header fields, and so the h= list, are known. */
  private static final class Hashing implements Function<List<String>, OutputStream> {
    private final String domain;
    private final String selector;
    private final PrivateKey key;
    private final Instant now;
    DKIMSigner signer;
    BodyHasher hasher;
    PermFailException refused;

    Hashing(String domain, String selector, PrivateKey key, Instant now) {
      this.domain = domain;
      this.selector = selector;
      this.key = key;
      this.now = now;
    }

    @Override
    public OutputStream apply(List<String> fields) {
      String template = template(fields, domain, selector, now);
      signer = new DKIMSigner(template, key);
      try {
        hasher = signer.newBodyHasher(signer.newSignatureRecordTemplate(template));
      } catch (PermFailException e) {
        refused = e;
        return OutputStream.nullOutputStream();
      }
      return new BufferedOutputStream(hasher.getOutputStream(), 8192);
    }
  }

  /** The signature's tags before hashing; h= lists the signed fields this message has. */
  static String template(List<String> fields, String domain, String selector, Instant now) {
    StringJoiner h = new StringJoiner(":");
    for (String wanted : SIGNED_FIELDS) {
      for (String field : fields) {
        if (WrittenMessage.name(field).equals(wanted)) {
          h.add(wanted);
        }
      }
    }
    return "v=1; a=rsa-sha256; c=relaxed/relaxed; d="
        + domain
        + "; s="
        + selector
        + "; t="
        + now.getEpochSecond()
        + "; h="
        + h
        + "; bh=; b=;";
  }

  /**
   * The field value in lines a mail reader shows well: a break after each tag's "; " (relaxed
   * canonicalization turns it back into the one space that was signed) and inside the b= value,
   * which verifiers take out before hashing. Nothing else moves, so the signature stays valid.
   */
  static String folded(String value) {
    StringBuilder out = new StringBuilder();
    for (String tag : value.split("; ")) {
      if (out.length() > 0) {
        out.append(";\r\n\t");
      }
      if (tag.startsWith("b=")) {
        String b = tag.substring(2);
        out.append("b=");
        for (int i = 0; i < b.length(); i += 64) {
          out.append(i == 0 ? "" : "\r\n\t ").append(b, i, Math.min(b.length(), i + 64));
        }
      } else {
        out.append(tag);
      }
    }
    return out.toString();
  }
}
