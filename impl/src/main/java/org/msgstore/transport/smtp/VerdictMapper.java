package org.msgstore.transport.smtp;

import static org.msgstore.transport.smtp.MapiCodes.MAPI_DIAG_CONTENT_TOO_LONG;
import static org.msgstore.transport.smtp.MapiCodes.MAPI_DIAG_EITS_UNSUPPORTED;
import static org.msgstore.transport.smtp.MapiCodes.MAPI_DIAG_MAIL_ADDRESS_INCORRECT;
import static org.msgstore.transport.smtp.MapiCodes.MAPI_DIAG_MAIL_RECIPIENT_UNKNOWN;
import static org.msgstore.transport.smtp.MapiCodes.MAPI_DIAG_MAIL_REFUSED;
import static org.msgstore.transport.smtp.MapiCodes.MAPI_REASON_TRANSFER_IMPOSSIBLE;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.InternetAddress;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import org.msgstore.spi.DeliveryResult;
import org.msgstore.spi.OutboundRecipient;

/**
 * Turns how a send went into one verdict per envelope recipient (jca-notes rule 25): a 5xx is
 * permanent and fails the recipient at once (an NDR follows); a 4xx, a timeout, a broken connection
 * or anything without a reply code defers it, and the spooler's back-off decides when to retry.
 *
 * <p>Mapping, per recipient, first match wins:
 *
 * <ol>
 *   <li>not offered to the server because it cannot take the address unchanged (non-ASCII without
 *       SMTPUTF8) → failed (TRANSFER_IMPOSSIBLE, EITS_UNSUPPORTED);
 *   <li>accepted by RCPT and the message by the final {@code .} → delivered;
 *   <li>RCPT refused: 550, 551 → failed (TRANSFER_IMPOSSIBLE, MAIL_RECIPIENT_UNKNOWN); 553, 501 →
 *       failed (…, MAIL_ADDRESS_INCORRECT); other 5xx → failed (…, MAIL_REFUSED); 552 and 4xx →
 *       deferred (RFC 5321 §4.5.3.1.10 says to treat 552 on RCPT as 452);
 *   <li>the whole message refused (MAIL FROM, DATA or after the final {@code .}): 552 → failed (…,
 *       CONTENT_TOO_LONG); 530, 534, 535, 538 → deferred, since authentication is the operator's to
 *       fix, not the recipients' fault; other 5xx → failed (…, MAIL_REFUSED); 4xx → deferred;
 *   <li>no session (connection refused, connect timeout, login failed, pool busy), a timeout, an
 *       I/O error or a reply without a code → deferred.
 * </ol>
 */
final class VerdictMapper {
  private final String server;
  private final int readTimeoutMs;

  VerdictMapper(SmtpSettings settings) {
    this.server = settings.host + ":" + settings.port;
    this.readTimeoutMs = settings.readTimeoutMs;
  }

  void apply(SendOutcome outcome, Envelope envelope, Verdicts verdicts) {
    if (outcome.beforeSession()) {
      all(envelope, verdicts, row -> DeliveryResult.deferred(row, outcome.detail()));
      return;
    }
    MessagingException failure = outcome.failure();
    Set<String> sent =
        keys(
            failure instanceof SendFailedException
                ? ((SendFailedException) failure).getValidSentAddresses()
                : null);
    Map<String, SmtpReply> refused = new HashMap<>();
    if (failure != null) {
      for (SmtpReply reply : SmtpReply.recipientReplies(failure)) {
        refused.putIfAbsent(Envelope.key(reply.address()), reply);
      }
    }
    SmtpReply whole = failure == null ? null : SmtpReply.of(failure);
    for (String key : envelope.keys()) {
      String notOffered = outcome.notOffered().get(key);
      SmtpReply refusal = refused.get(key);
      IntFunction<DeliveryResult> verdict =
          notOffered != null
              ? row ->
                  DeliveryResult.failed(
                      row, notOffered, MAPI_REASON_TRANSFER_IMPOSSIBLE, MAPI_DIAG_EITS_UNSUPPORTED)
              : failure == null || sent.contains(key)
                  ? DeliveryResult::delivered
                  : refusal != null
                      ? row -> recipientRefused(row, refusal)
                      : row -> messageNotSent(row, whole, failure);
      for (OutboundRecipient r : envelope.rows(key)) {
        verdicts.set(verdict.apply(r.rowId()));
      }
    }
  }

  private DeliveryResult recipientRefused(int row, SmtpReply reply) {
    String reason =
        server + " refused recipient " + reply.address().getAddress() + ": " + reply.text();
    if (reply.code() == 552 || reply.transientFailure()) {
      return DeliveryResult.deferred(row, reason);
    }
    if (!reply.permanentFailure()) {
      return DeliveryResult.deferred(
          row,
          server
              + " gave an unexpected reply for "
              + reply.address().getAddress()
              + ": "
              + reply.text());
    }
    int diag;
    switch (reply.code()) {
      case 550:
      case 551:
        diag = MAPI_DIAG_MAIL_RECIPIENT_UNKNOWN;
        break;
      case 553:
      case 501:
        diag = MAPI_DIAG_MAIL_ADDRESS_INCORRECT;
        break;
      default:
        diag = MAPI_DIAG_MAIL_REFUSED;
    }
    return DeliveryResult.failed(row, reason, MAPI_REASON_TRANSFER_IMPOSSIBLE, diag);
  }

  private DeliveryResult messageNotSent(int row, SmtpReply reply, MessagingException failure) {
    RelayLimitException limit = SmtpReply.brokenLimit(failure);
    if (limit != null) {
      return DeliveryResult.deferred(row, limit.getMessage());
    }
    if (SmtpReply.timedOut(failure)) {
      return DeliveryResult.deferred(
          row,
          server
              + " did not answer within smtpReadTimeoutMs/smtpWriteTimeoutMs (read "
              + readTimeoutMs
              + " ms): "
              + SmtpSender.describe(failure));
    }
    switch (reply.code()) {
      case 530:
      case 534:
      case 535:
      case 538:
        return DeliveryResult.deferred(
            row,
            server
                + " requires authentication it did not get; check smtpUser and smtpPassword: "
                + reply.text());
      case 552:
        return DeliveryResult.failed(
            row,
            server + " refused the message as too large: " + reply.text(),
            MAPI_REASON_TRANSFER_IMPOSSIBLE,
            MAPI_DIAG_CONTENT_TOO_LONG);
      default:
        if (reply.permanentFailure()) {
          return DeliveryResult.failed(
              row,
              server + " refused the message: " + reply.text(),
              MAPI_REASON_TRANSFER_IMPOSSIBLE,
              MAPI_DIAG_MAIL_REFUSED);
        }
        if (reply.transientFailure()) {
          return DeliveryResult.deferred(row, server + " deferred the message: " + reply.text());
        }
        return DeliveryResult.deferred(
            row, "sending to " + server + " failed: " + SmtpSender.describe(failure));
    }
  }

  private static void all(
      Envelope envelope, Verdicts verdicts, IntFunction<DeliveryResult> verdict) {
    for (OutboundRecipient r : envelope.allRows()) {
      verdicts.set(verdict.apply(r.rowId()));
    }
  }

  private static Set<String> keys(Address[] addresses) {
    Set<String> keys = new HashSet<>();
    if (addresses != null) {
      for (Address a : addresses) {
        if (a instanceof InternetAddress) {
          keys.add(Envelope.key((InternetAddress) a));
        }
      }
    }
    return keys;
  }
}
