package org.msgstore.transport.smtp.dkim;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.james.jdkim.exceptions.PermFailException;

/**
 * DKIM signing for the SMTP transport: the key of the message's From domain (or of its nearest
 * parent domain) signs the message after it is composed and before it is sent, at each delivery
 * attempt. Signing at delivery rather than at submit means a message queued before a key was
 * changed goes out signed with the key in force when it leaves.
 *
 * <p>A From domain without a key: sent unsigned by default, because DKIM adds trust and a new
 * brand's mail should not be lost to a forgotten setting (the receiver's DMARC policy decides);
 * refused with a non-delivery report under {@code dkimRequired=true}, for operators who must never
 * send unsigned. A configured domain whose key became unusable is deferred instead: its mail never
 * leaves unsigned, and goes once the key is back.
 *
 * <p>Thread-safe; started once per transport start.
 */
public final class DkimSigning {
  /** What happened to a message, and the words for its sender when it was not sent. */
  public record Outcome(Verdict verdict, String detail) {
    /** Whether the message may be sent now. */
    public boolean sendable() {
      return verdict == Verdict.SIGNED || verdict == Verdict.UNSIGNED;
    }
  }

  /** The four ways {@link #sign} can end. */
  public enum Verdict {
    /** A DKIM-Signature was added. */
    SIGNED,
    /** Sent as it is: signing is off, or the From domain has no key and that is allowed. */
    UNSIGNED,
    /** Not now: the key or the content cannot be read; try again later. */
    DEFER,
    /** Not ever as configured: the From domain has no key and dkimRequired is true. */
    REFUSE
  }

  private static final Outcome SIGNED = new Outcome(Verdict.SIGNED, "");
  private static final Outcome UNSIGNED = new Outcome(Verdict.UNSIGNED, "");

  private final DkimSettings settings;
  private final Clock clock;
  private final Set<String> reported = ConcurrentHashMap.newKeySet();

  private DkimSigning(DkimSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
  }

  /**
   * Reads the DKIM settings from the transport's settings and every key once.
   *
   * @throws org.msgstore.MapiException {@code MAPI_E_INVALID_PARAMETER} naming each bad entry
   */
  public static DkimSigning start(Map<String, String> transportSettings, Clock clock) {
    DkimSigning signing = new DkimSigning(DkimSettings.parse(transportSettings), clock);
    if (!signing.settings.domains.isEmpty()) {
      DkimLog.started(signing.describe(), signing.settings.required);
    }
    return signing;
  }

  /** Each domain with its selector and key source, for the start line; no key material. */
  public String describe() {
    return settings.domains.values().stream()
        .map(d -> d.name() + " (selector " + d.selector() + ", key " + d.key().source() + ")")
        .sorted()
        .collect(Collectors.joining(", "));
  }

  /** Signs {@code mime} when its From domain has a key; see {@link Verdict} for the outcomes. */
  public Outcome sign(MimeMessage mime) {
    if (settings.domains.isEmpty()) {
      return UNSIGNED;
    }
    String from = fromDomain(mime);
    DkimSettings.Domain domain = from == null ? null : find(from);
    if (domain == null) {
      String shown = from == null ? "(none)" : from;
      if (settings.required) {
        if (reported.add(shown)) {
          DkimLog.refusedDomain(shown);
        }
        return new Outcome(
            Verdict.REFUSE,
            "the From domain "
                + shown
                + " has no DKIM key (dkimKeys) and unsigned mail is refused"
                + " (dkimRequired=true)");
      }
      if (reported.add(shown)) {
        DkimLog.unsignedDomain(shown);
      }
      return UNSIGNED;
    }
    SigningKey.Current key;
    try {
      key = domain.key().current();
    } catch (KeyProblem e) {
      DkimLog.keyUnusable(domain.name(), e.getMessage());
      return new Outcome(
          Verdict.DEFER, "the DKIM key for " + domain.name() + " is unusable: " + e.getMessage());
    }
    if (key.reloaded()) {
      DkimLog.keyReloaded(domain.name(), domain.selector(), domain.key().source());
    }
    try {
      MessageSigner.sign(mime, domain.name(), domain.selector(), key.key(), clock.instant());
      return SIGNED;
    } catch (IOException | MessagingException | PermFailException | RuntimeException e) {
      DkimLog.signingFailed(messageId(mime), e);
      return new Outcome(Verdict.DEFER, "the message could not be DKIM-signed: " + e);
    }
  }

  /** The key of the domain or, failing that, of its nearest parent domain (relaxed alignment). */
  private DkimSettings.Domain find(String domain) {
    for (String d = domain; ; d = d.substring(d.indexOf('.') + 1)) {
      DkimSettings.Domain found = settings.domains.get(d);
      if (found != null || !d.contains(".")) {
        return found;
      }
    }
  }

  /** The lower-case ASCII domain of the first From address, or null. */
  private static String fromDomain(MimeMessage mime) {
    try {
      Address[] from = mime.getFrom();
      if (from == null || from.length == 0 || !(from[0] instanceof InternetAddress a)) {
        return null;
      }
      String address = a.getAddress();
      int at = address == null ? -1 : address.lastIndexOf('@');
      return at < 0 ? null : DkimSettings.asciiName(address.substring(at + 1));
    } catch (MessagingException e) {
      return null;
    }
  }

  private static String messageId(MimeMessage mime) {
    try {
      return mime.getMessageID();
    } catch (MessagingException e) {
      return "(unknown)";
    }
  }
}
