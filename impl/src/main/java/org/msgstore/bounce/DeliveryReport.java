package org.msgstore.bounce;

import java.util.List;
import java.util.Optional;

/**
 * What a report that came back to a bounce address says, as read from the mailbox: an RFC 3464
 * delivery status notification or an RFC 5965 feedback report (a complaint), with everything that
 * can match it to the message it is about.
 *
 * @param kind the report's kind
 * @param envelopeId the {@code Original-Envelope-Id} (the DSN {@code ENVID} the message was sent
 *     with), if any
 * @param recipients one entry per recipient the report is about (a feedback report has one: the
 *     {@code Original-Rcpt-To}, when the reporter gives it)
 * @param returnedMessageId the {@code Message-ID} of the returned message or headers, if any
 * @param bounceAddresses the addresses the report was sent to or names as the original envelope
 *     sender, where a bounce token may be found, in the order they should be tried
 * @param feedbackType for a feedback report, its {@code Feedback-Type} (abuse, fraud, ...)
 */
public record DeliveryReport(
    Kind kind,
    Optional<String> envelopeId,
    List<RecipientStatus> recipients,
    Optional<String> returnedMessageId,
    List<String> bounceAddresses,
    Optional<String> feedbackType) {

  public enum Kind {
    /** RFC 3464 (or RFC 6533 for international mail): delivery status notification. */
    DELIVERY_STATUS,
    /** RFC 5965 Abuse Reporting Format: a recipient complained (a feedback loop). */
    FEEDBACK
  }

  public DeliveryReport {
    recipients = List.copyOf(recipients);
    bounceAddresses = List.copyOf(bounceAddresses);
  }

  /**
   * One recipient's fields of a report (RFC 3464 section 2.3).
   *
   * @param action failed, delayed, delivered, relayed or expanded (lower case); {@code failed} for
   *     a complaint
   * @param status the enhanced status code (RFC 3463), e.g. {@code 5.1.1}; empty for a complaint
   * @param diagnostic the remote server's reply ({@code Diagnostic-Code}, without its type), if any
   * @param finalRecipient the address the reporting system tried ({@code Final-Recipient})
   * @param originalRecipient the address as the message was sent ({@code Original-Recipient}, the
   *     ORCPT), if given
   * @param remoteMta the server that answered ({@code Remote-MTA}, without its type), if given
   */
  public record RecipientStatus(
      String action,
      String status,
      Optional<String> diagnostic,
      String finalRecipient,
      Optional<String> originalRecipient,
      Optional<String> remoteMta) {

    /**
     * A permanent failure: the address does not work (5.x.x), what puts it on the suppression list.
     */
    public boolean permanentFailure() {
      return action.equals("failed") && status.startsWith("5.");
    }
  }
}
