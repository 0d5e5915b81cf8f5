package org.msgstore.transport.smtp;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.UnsupportedEncodingException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.msgstore.InternetHeaders;
import org.msgstore.OneOffRecipient;
import org.msgstore.PropTag;
import org.msgstore.spi.OutboundMessage;

/**
 * The headers written from the message's MAPI properties beyond addresses, subject and date:
 * Reply-To, In-Reply-To and References, Importance, X-Priority and Sensitivity, and last the
 * message's own internet headers ({@code PR_MSGSTORE_INTERNET_HEADERS}) as given. The store checked
 * each value at the call; a value that no longer parses (written before a rule existed) makes the
 * message unsendable rather than go out wrong.
 */
final class PropertyHeaders {
  private static final String[] IMPORTANCE = {"low", "normal", "high"};

  /** PR_PRIORITY -1, 0, 1 as the X-Priority values mail clients show. */
  private static final Map<Integer, String> X_PRIORITY =
      Map.of(-1, "5 (Lowest)", 0, "3 (Normal)", 1, "1 (Highest)");

  /** PR_SENSITIVITY 1..3 as RFC 2156's Sensitivity values; 0 (none) writes no header. */
  private static final String[] SENSITIVITY = {null, "Personal", "Private", "Company-Confidential"};

  private PropertyHeaders() {}

  static void write(OutboundMessage message, MimeMessage mime)
      throws MessagingException, UnsendableMessageException {
    try {
      Address[] replyTo = replyTo(message);
      if (replyTo != null) {
        mime.setReplyTo(replyTo);
      }
      folded(mime, "In-Reply-To", message.get(PropTag.PR_IN_REPLY_TO_ID));
      folded(mime, "References", message.get(PropTag.PR_INTERNET_REFERENCES));
      Integer importance = message.get(PropTag.PR_IMPORTANCE);
      if (importance != null) {
        mime.setHeader("Importance", IMPORTANCE[importance]);
      }
      Integer priority = message.get(PropTag.PR_PRIORITY);
      if (priority != null) {
        mime.setHeader("X-Priority", X_PRIORITY.get(priority));
      }
      Integer sensitivity = message.get(PropTag.PR_SENSITIVITY);
      if (sensitivity != null && SENSITIVITY[sensitivity] != null) {
        mime.setHeader("Sensitivity", SENSITIVITY[sensitivity]);
      }
      String own = message.get(PropTag.PR_MSGSTORE_INTERNET_HEADERS);
      for (Map.Entry<String, String> h : InternetHeaders.parse(own).asMap().entrySet()) {
        mime.addHeader(h.getKey(), h.getValue());
      }
    } catch (RuntimeException | AddressException e) {
      throw new UnsendableMessageException(
          "message " + message.entryId() + " has a header property that cannot be written: " + e,
          MapiCodes.MAPI_DIAG_CONTENT_SYNTAX_IN_ERROR,
          e);
    }
  }

  /** The SMTP addresses of PR_REPLY_RECIPIENT_ENTRIES; entries of other address types are left. */
  private static Address[] replyTo(OutboundMessage message) throws AddressException {
    byte[] entries = message.get(PropTag.PR_REPLY_RECIPIENT_ENTRIES);
    if (entries == null) {
      return null;
    }
    List<Address> out = new ArrayList<>();
    for (OneOffRecipient r : OneOffRecipient.parseFlatEntryList(entries)) {
      if ("SMTP".equalsIgnoreCase(r.addressType())) {
        InternetAddress a = new InternetAddress(r.address().strip(), true);
        if (!r.displayName().isBlank() && !r.displayName().equals(r.address())) {
          try {
            a.setPersonal(r.displayName(), "UTF-8");
          } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException("UTF-8 is always supported", e);
          }
        }
        out.add(a);
      }
    }
    return out.isEmpty() ? null : out.toArray(new Address[0]);
  }

  /** A list of Message-IDs can be long: folded at its spaces, never inside an id. */
  private static void folded(MimeMessage mime, String name, String value)
      throws MessagingException {
    if (value != null && !value.isBlank()) {
      mime.setHeader(name, MimeUtility.fold(name.length() + 2, value.strip()));
    }
  }
}
