package org.msgstore.transport.smtp;

import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.UnsupportedEncodingException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.msgstore.PropTag;
import org.msgstore.Recipient;
import org.msgstore.RecipientType;
import org.msgstore.spi.OutboundMessage;

/**
 * Turns an outbound message into the RFC 5322 / MIME content that goes after DATA. The content is
 * the same for every recipient and every attempt; who receives it is decided by the envelope only.
 *
 * <p>Only TO and CC rows appear in headers. BCC and P1 rows never do (R15): a P1 row is a resend
 * copy that addresses the envelope only, and a Bcc header would reveal the blind recipients.
 *
 * <p>The headers written from other properties, and the message's own internet headers, are {@link
 * PropertyHeaders}'; the structure of the content (alternative, related, mixed) is {@link
 * BodyParts}'.
 */
final class MimeComposer {
  private static final String UTF_8 = "UTF-8";

  private final Session session;
  private final InternetAddress defaultFrom;
  private final Clock clock;

  MimeComposer(Session session, InternetAddress defaultFrom, Clock clock) {
    this.session = session;
    this.defaultFrom = defaultFrom;
    this.clock = clock;
  }

  MimeMessage compose(OutboundMessage message) throws UnsendableMessageException {
    try {
      MimeMessage mime = new FixedIdMimeMessage(session, messageId(message));
      addressHeaders(message, mime);
      String subject = message.get(PropTag.PR_SUBJECT);
      if (subject != null) {
        SubjectHeader.set(mime, subject);
      }
      Instant submitted = message.get(PropTag.PR_CLIENT_SUBMIT_TIME);
      mime.setSentDate(Date.from(submitted != null ? submitted : clock.instant()));
      mime.setHeader("X-MsgStore-Entry-Id", message.entryId().toString());
      PropertyHeaders.write(message, mime);
      BodyParts.setContent(message, mime);
      // Fixes the headers (Content-Type, Content-Transfer-Encoding, MIME-Version, our Message-ID)
      // now, once, instead of on every send.
      mime.saveChanges();
      return mime;
    } catch (MessagingException e) {
      throw new UnsendableMessageException(
          "message " + message.entryId() + " cannot be converted to MIME: " + e.getMessage(),
          MapiCodes.MAPI_DIAG_CONTENT_SYNTAX_IN_ERROR,
          e);
    }
  }

  private static String messageId(OutboundMessage message) throws UnsendableMessageException {
    String id = message.internetMessageId();
    if (id == null || id.isBlank()) {
      // The store always assigns one; without it a retry could not be recognised as a duplicate.
      throw new UnsendableMessageException(
          "message " + message.entryId() + " has no internet message id",
          MapiCodes.MAPI_DIAG_PARAMETERS_INVALID,
          null);
    }
    id = id.trim();
    return id.startsWith("<") ? id : "<" + id + ">";
  }

  private void addressHeaders(OutboundMessage message, MimeMessage mime)
      throws MessagingException, UnsendableMessageException {
    InternetAddress sender =
        address(message.get(PropTag.PR_SENDER_EMAIL_ADDRESS), message.get(PropTag.PR_SENDER_NAME));
    InternetAddress representing =
        address(
            message.get(PropTag.PR_SENT_REPRESENTING_EMAIL_ADDRESS),
            message.get(PropTag.PR_SENT_REPRESENTING_NAME));
    // MAPI's "sent on behalf of": From names the principal, Sender the one who actually sent it.
    InternetAddress from =
        representing != null ? representing : sender != null ? sender : defaultFrom;
    if (from == null) {
      throw new UnsendableMessageException(
          "message "
              + message.entryId()
              + " from mailbox "
              + message.mailbox()
              + " has no SMTP sender address (PR_SENDER_EMAIL_ADDRESS or"
              + " PR_SENT_REPRESENTING_EMAIL_ADDRESS), and no smtpDefaultFrom is configured",
          MapiCodes.MAPI_DIAG_PARAMETERS_INVALID,
          null);
    }
    mime.setFrom(from);
    if (sender != null && representing != null && !sender.equals(representing)) {
      mime.setSender(sender);
    }
    mime.setRecipients(Message.RecipientType.TO, headerAddresses(message, RecipientType.TO));
    mime.setRecipients(Message.RecipientType.CC, headerAddresses(message, RecipientType.CC));
  }

  /**
   * Header rows include MAPI_SUBMITTED rows: they were recipients, only not sent to again. An
   * address is shown once per header, however many rows (lists) name it.
   */
  private static Address[] headerAddresses(OutboundMessage message, RecipientType type) {
    List<Address> out = new ArrayList<>();
    Set<String> shown = new HashSet<>();
    for (Recipient r : message.recipients()) {
      if (r.type() == type) {
        InternetAddress a = address(r.address(), r.displayName());
        // A row without an internet address (another transport's) has nothing to show here.
        if (a != null && shown.add(a.getAddress().toLowerCase(Locale.ROOT))) {
          out.add(a);
        }
      }
    }
    return out.isEmpty() ? null : out.toArray(new Address[0]);
  }

  /** The address with its display name, or null when it is missing or not RFC 5322. */
  private static InternetAddress address(String address, String displayName) {
    if (address == null || address.isBlank()) {
      return null;
    }
    try {
      InternetAddress a = new InternetAddress(address.trim(), true);
      if (displayName != null && !displayName.isBlank() && !displayName.equals(address)) {
        a.setPersonal(displayName, UTF_8);
      }
      return a;
    } catch (AddressException | UnsupportedEncodingException e) {
      return null;
    }
  }
}
