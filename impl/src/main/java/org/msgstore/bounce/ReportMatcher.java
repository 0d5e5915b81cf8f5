package org.msgstore.bounce;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.msgstore.store.LateReports;

/**
 * Finds which message and recipient a report is about, and what it says of them: the bounce token
 * in the address the report came back to (or, for a complaint, the original envelope sender),
 * verified with the adapter's keys. A report without a valid token is not matched: a forged or
 * foreign bounce never writes an NDR nor suppresses an address.
 *
 * <p>Each envelope carries one recipient's token, so a report names that recipient; if it lists
 * several (a relay that expanded an alias, say), the first failure decides, else the first entry.
 */
public final class ReportMatcher {
  private final String localPartPrefix;
  private final List<byte[]> keys;

  /**
   * @param localPartPrefix what comes before the token in the bounce address's local part,
   *     separator included (e.g. {@code bounces+})
   * @param keys the HMAC keys, the signing one first
   */
  public ReportMatcher(String localPartPrefix, List<byte[]> keys) {
    this.localPartPrefix = localPartPrefix.toLowerCase(Locale.ROOT);
    this.keys = List.copyOf(keys);
  }

  /**
   * A report matched to its message and recipient, with the outcome it reports and the address it
   * reports it for (Final-Recipient, or a complaint's Original-Rcpt-To; empty if it names none).
   */
  public record Match(BounceToken token, LateReports.Outcome outcome, String address) {}

  /**
   * The match of {@code report}; empty when no address carries a valid token, or when its action is
   * none of RFC 3464's.
   */
  public Optional<Match> match(DeliveryReport report) {
    String address =
        report.recipients().stream()
            .filter(r -> r.action().equals("failed"))
            .findFirst()
            .or(() -> report.recipients().stream().findFirst())
            .map(DeliveryReport.RecipientStatus::finalRecipient)
            .orElse("");
    return token(report).flatMap(t -> outcome(report).map(o -> new Match(t, o, address)));
  }

  /**
   * The token of the first bounce address that carries a valid one; else a valid token in the
   * {@code ENVID} ({@code Original-Envelope-Id}), for a relay that returns the report to another
   * address (a forwarder rewrote the envelope) but keeps the DSN fields. Both are signed, so
   * neither can be made up; the returned message's {@code Message-ID} is not used: it is in the
   * clear in every copy of the message, so any recipient could write a report that matches it.
   */
  private Optional<BounceToken> token(DeliveryReport report) {
    for (String address : report.bounceAddresses()) {
      Optional<String> text = tokenText(address);
      if (text.isPresent()) {
        Optional<BounceToken> t = BounceToken.verify(text.get(), keys);
        if (t.isPresent()) {
          return t;
        }
      }
    }
    return report.envelopeId().flatMap(id -> BounceToken.verify(id, keys));
  }

  /**
   * When {@code report} has no valid token: the address (or ENVID) that looks like one of ours —
   * the bounce address's local part with its token, or a token-shaped ENVID — but that no key
   * signed, i.e. a forged or damaged report; empty when it carries nothing of the kind (then it is
   * merely unmatched).
   */
  public Optional<String> forgedToken(DeliveryReport report) {
    if (token(report).isPresent()) {
      return Optional.empty();
    }
    for (String address : report.bounceAddresses()) {
      if (tokenText(address).isPresent()) {
        return Optional.of(address);
      }
    }
    return report.envelopeId().filter(BounceToken::hasTokenForm);
  }

  /** What follows the prefix in {@code address}'s local part, if it has the prefix and more. */
  private Optional<String> tokenText(String address) {
    int at = address.lastIndexOf('@');
    String local = (at < 0 ? address : address.substring(0, at)).toLowerCase(Locale.ROOT);
    return local.startsWith(localPartPrefix) && local.length() > localPartPrefix.length()
        ? Optional.of(local.substring(localPartPrefix.length()))
        : Optional.empty();
  }

  private static Optional<LateReports.Outcome> outcome(DeliveryReport report) {
    if (report.kind() == DeliveryReport.Kind.FEEDBACK) {
      return Optional.of(new LateReports.Complained(report.feedbackType().orElse("complaint")));
    }
    DeliveryReport.RecipientStatus s =
        report.recipients().stream()
            .filter(r -> r.action().equals("failed"))
            .findFirst()
            .orElse(report.recipients().get(0));
    String detail =
        s.diagnostic().orElse("no diagnostic given")
            + s.remoteMta().map(mta -> " (reported by " + mta + ")").orElse("");
    return Optional.ofNullable(
        switch (s.action()) {
          case "failed" -> {
            NdrCodes codes = NdrCodes.of(s.status());
            yield new LateReports.Failed(
                s.status(), detail, codes.reasonCode(), codes.diagCode(), s.permanentFailure());
          }
          case "delayed" -> new LateReports.Delayed(s.status(), detail);
          case "delivered" -> new LateReports.Delivered(false, s.status(), detail);
          case "relayed", "expanded" -> new LateReports.Delivered(true, s.status(), detail);
          default -> null;
        });
  }
}
