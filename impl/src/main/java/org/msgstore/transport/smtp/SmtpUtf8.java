package org.msgstore.transport.smtp;

import jakarta.mail.MessagingException;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * RFC 6531 (SMTPUTF8): a message whose envelope or headers hold non-ASCII addresses goes only to a
 * relay that offers SMTPUTF8 in its EHLO reply. Through any other relay such a recipient fails with
 * a reason naming the address, and nothing is sent that differs from what is stored.
 */
final class SmtpUtf8 {
  static final String EXTENSION = "SMTPUTF8";

  private SmtpUtf8() {}

  /**
   * Whether a header line holds a non-ASCII character: MIME encodes display names and subjects, so
   * this is an address (or a header written as given) that only SMTPUTF8 can carry unchanged.
   */
  static boolean inHeaders(MimeMessage message) {
    Enumeration<String> lines;
    try {
      lines = message.getAllHeaderLines();
    } catch (MessagingException e) {
      // A composed message keeps its headers in memory; reading them cannot fail.
      throw new IllegalStateException("the composed message's headers cannot be read", e);
    }
    while (lines.hasMoreElements()) {
      if (!WireAddress.ascii(lines.nextElement())) {
        return true;
      }
    }
    return false;
  }

  /** Whether the connected session's relay offered SMTPUTF8. */
  static boolean offeredBy(Transport transport) {
    return EnvelopeProperties.offered(transport, EXTENSION);
  }

  /**
   * The recipients a relay without SMTPUTF8 cannot take, by envelope key, with the reason: those
   * with a non-ASCII local part, or every one when the headers need UTF-8.
   */
  static Map<String, String> refused(Envelope envelope, boolean inHeaders, String server) {
    Map<String, String> refused = new LinkedHashMap<>();
    for (String key : envelope.keys()) {
      WireAddress a = envelope.address(key);
      if (a.needsSmtpUtf8()) {
        refused.put(
            key,
            "the address "
                + a.stored()
                + " has a non-ASCII local part, which needs SMTPUTF8 (RFC 6531), and "
                + server
                + " does not offer it");
      } else if (inHeaders) {
        refused.put(
            key,
            "the message's headers hold non-ASCII addresses, which need SMTPUTF8 (RFC 6531), and "
                + server
                + " does not offer it; it was not sent rather than sent with changed addresses");
      }
    }
    return Collections.unmodifiableMap(refused);
  }
}
