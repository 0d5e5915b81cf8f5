package org.msgstore.bounce;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.internet.ParseException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.eclipse.angus.mail.dsn.DeliveryStatus;

/**
 * Reads a message from the bounce mailbox as a {@link DeliveryReport}: an RFC 3464 {@code
 * multipart/report} with a {@code message/delivery-status} part (RFC 6533's {@code
 * message/global-delivery-status} for international mail), or an RFC 5965 feedback report. The
 * delivery status fields are parsed by Angus Mail's DSN support; the parts are found from the
 * multipart's own data, so no MIME handler needs to be registered in the server.
 *
 * <p>Anything else — a human's reply, a vacation notice, a relay's plain-text bounce — is not a
 * report: {@link NotAReportException} says why, and the caller leaves the message in the mailbox.
 */
public final class ReportParser {
  /** Headers of the report itself that name the address it was delivered to, most exact first. */
  private static final List<String> DELIVERED_TO =
      List.of("Delivered-To", "X-Original-To", "Envelope-To", "To");

  private ReportParser() {}

  /** The report {@code message} carries. */
  public static DeliveryReport parse(MimeMessage message) throws NotAReportException {
    try {
      ContentType type = contentType(message);
      if (!type.match("multipart/report")) {
        throw new NotAReportException(
            "its type is " + type.getBaseType() + ", not multipart/report");
      }
      MimeMultipart parts = new MimeMultipart(message.getDataHandler().getDataSource());
      Set<String> addresses = new LinkedHashSet<>();
      for (String header : DELIVERED_TO) {
        addresses.addAll(addressesOf(message.getHeader(header)));
      }
      InternetHeaders statusFields = null;
      DeliveryStatus status = null;
      InternetHeaders returned = null;
      for (int i = 0; i < parts.getCount(); i++) {
        BodyPart part = parts.getBodyPart(i);
        ContentType partType = contentType(part);
        if (partType.match("message/delivery-status")
            || partType.match("message/global-delivery-status")) {
          status = deliveryStatus(part);
        } else if (partType.match("message/feedback-report")) {
          statusFields = headersOf(part);
        } else if (partType.match("text/rfc822-headers")
            || partType.match("message/rfc822")
            || partType.match("message/global")
            || partType.match("message/global-headers")) {
          returned = headersOf(part);
        }
      }
      Optional<String> returnedId =
          returned == null ? Optional.empty() : first(returned, "Message-ID");
      if (returned != null) {
        addresses.addAll(addressesOf(returned.getHeader("Return-Path")));
      }
      if (status != null) {
        return deliveryStatusReport(status, returnedId, addresses);
      }
      if (statusFields != null) {
        return feedbackReport(statusFields, returnedId, addresses);
      }
      throw new NotAReportException(
          "its multipart/report has no message/delivery-status or message/feedback-report part");
    } catch (MessagingException | IOException e) {
      throw new NotAReportException("it cannot be read as MIME: " + e.getMessage(), e);
    }
  }

  private static DeliveryReport deliveryStatusReport(
      DeliveryStatus status, Optional<String> returnedId, Set<String> addresses)
      throws NotAReportException {
    List<DeliveryReport.RecipientStatus> recipients = new ArrayList<>();
    for (int i = 0; i < status.getRecipientDSNCount(); i++) {
      InternetHeaders fields = status.getRecipientDSN(i);
      Optional<String> action = first(fields, "Action").map(a -> a.toLowerCase(Locale.ROOT));
      Optional<String> finalRecipient = first(fields, "Final-Recipient").map(ReportParser::typed);
      if (action.isEmpty() || finalRecipient.isEmpty()) {
        throw new NotAReportException(
            "recipient " + (i + 1) + " of its delivery status has no Action or Final-Recipient");
      }
      recipients.add(
          new DeliveryReport.RecipientStatus(
              action.get(),
              first(fields, "Status").map(ReportParser::statusCode).orElse(""),
              first(fields, "Diagnostic-Code").map(ReportParser::typed),
              finalRecipient.get(),
              first(fields, "Original-Recipient").map(ReportParser::typed),
              first(fields, "Remote-MTA").map(ReportParser::typed)));
    }
    if (recipients.isEmpty()) {
      throw new NotAReportException("its delivery status names no recipient");
    }
    return new DeliveryReport(
        DeliveryReport.Kind.DELIVERY_STATUS,
        first(status.getMessageDSN(), "Original-Envelope-Id"),
        recipients,
        returnedId,
        List.copyOf(addresses),
        Optional.empty());
  }

  private static DeliveryReport feedbackReport(
      InternetHeaders fields, Optional<String> returnedId, Set<String> addresses)
      throws NotAReportException {
    Optional<String> feedbackType =
        first(fields, "Feedback-Type").map(t -> t.toLowerCase(Locale.ROOT));
    if (feedbackType.isEmpty()) {
      throw new NotAReportException("its feedback report has no Feedback-Type");
    }
    // The original envelope sender is where a token is most exact: put it first.
    Set<String> ordered = new LinkedHashSet<>(addressesOf(fields.getHeader("Original-Mail-From")));
    ordered.addAll(addresses);
    List<DeliveryReport.RecipientStatus> recipients = new ArrayList<>();
    for (String rcpt : addressesOf(fields.getHeader("Original-Rcpt-To"))) {
      recipients.add(
          new DeliveryReport.RecipientStatus(
              "failed", "", Optional.empty(), rcpt, Optional.empty(), Optional.empty()));
    }
    return new DeliveryReport(
        DeliveryReport.Kind.FEEDBACK,
        Optional.empty(),
        recipients,
        returnedId,
        List.copyOf(ordered),
        feedbackType);
  }

  private static DeliveryStatus deliveryStatus(Part part) throws MessagingException, IOException {
    try (InputStream in = part.getInputStream()) {
      return new DeliveryStatus(in);
    }
  }

  private static InternetHeaders headersOf(Part part) throws MessagingException, IOException {
    try (InputStream in = part.getInputStream()) {
      return new InternetHeaders(in);
    }
  }

  private static ContentType contentType(Part part) throws MessagingException, NotAReportException {
    String value = part.getContentType();
    try {
      return new ContentType(value == null ? "text/plain" : value);
    } catch (ParseException e) {
      throw new NotAReportException("its Content-Type '" + value + "' cannot be parsed", e);
    }
  }

  /**
   * The first value of a field, unfolded, its runs of white space made one space (a folded
   * diagnostic reads as one line), trimmed; empty when missing or blank.
   */
  private static Optional<String> first(InternetHeaders fields, String name) {
    String value = fields.getHeader(name, null);
    if (value == null) {
      return Optional.empty();
    }
    String unfolded = MimeUtility.unfold(value).replaceAll("\\s+", " ").trim();
    return unfolded.isEmpty() ? Optional.empty() : Optional.of(unfolded);
  }

  /** {@code rfc822; bob@example.com} → {@code bob@example.com} (RFC 3464's typed fields). */
  private static String typed(String value) {
    int semicolon = value.indexOf(';');
    return (semicolon < 0 ? value : value.substring(semicolon + 1)).trim();
  }

  /** {@code 5.1.1 (bad destination mailbox)} → {@code 5.1.1}: the comment is not the code. */
  private static String statusCode(String value) {
    int end = 0;
    while (end < value.length()
        && (Character.isDigit(value.charAt(end)) || value.charAt(end) == '.')) {
      end++;
    }
    return value.substring(0, end);
  }

  /** The addresses of header values, leniently; a value that is no address adds nothing. */
  private static List<String> addressesOf(String[] values) {
    List<String> found = new ArrayList<>();
    if (values == null) {
      return found;
    }
    for (String value : values) {
      try {
        for (InternetAddress a : InternetAddress.parseHeader(MimeUtility.unfold(value), false)) {
          if (a.getAddress() != null && !a.getAddress().isBlank()) {
            found.add(a.getAddress());
          }
        }
      } catch (AddressException e) {
        // Not an address (e.g. "<>" or a damaged header): nothing to match on.
      }
    }
    return found;
  }
}
