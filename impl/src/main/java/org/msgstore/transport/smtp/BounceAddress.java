package org.msgstore.transport.smtp;

import static org.msgstore.config.ConfigProperties.BOUNCE_ADDRESS;
import static org.msgstore.config.ConfigProperties.BOUNCE_SIGNING_KEYS;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.msgstore.bounce.BounceToken;

/**
 * The envelope sender when {@code bounceAddress} is set: {@code <local>+<token>@<domain>}, the
 * token signed with the first of {@code bounceSigningKeys}, so a bounce coming back to it names the
 * message and the recipient it is about ({@link BounceToken}; {@code ReportMatcher} reads it back
 * with the prefix {@link #localPartPrefix()}).
 */
final class BounceAddress {
  /** The shortest key accepted: an HMAC key shorter than this is guessable. */
  static final int MIN_KEY_LENGTH = 16;

  /**
   * The longest local part accepted. A token is at most 33 characters while the row ids are small
   * (mailbox below 36^4, about 1.7 million; message below 36^6, about 2.2 billion; row below 36^3),
   * and with the {@code +} that fills SMTP's 64-octet local part ({@link #SMTP_LOCAL_PART}). Larger
   * ids make it longer, up to 52 characters: {@link #sender} then falls back to the bare address.
   */
  static final int MAX_LOCAL_PART = 30;

  /** RFC 5321 §4.5.3.1.1: a local part holds at most 64 octets. */
  static final int SMTP_LOCAL_PART = 64;

  /** RFC 5321 §4.5.3.1.3: a reverse path, its angle brackets included, at most 256 octets. */
  static final int SMTP_PATH = 256;

  private final String localPart;
  private final String domain;
  private final List<byte[]> keys;
  private final AtomicBoolean tooLongLogged = new AtomicBoolean();

  private BounceAddress(String localPart, String domain, List<byte[]> keys) {
    this.localPart = localPart;
    this.domain = domain;
    this.keys = keys;
  }

  /**
   * The bounce address the settings give, or null when {@code bounceAddress} is empty; every
   * problem is added to the parser's list.
   */
  static BounceAddress parse(SmtpSettingsParser p) {
    String address = p.optional(BOUNCE_ADDRESS);
    List<byte[]> keys = keys(p.optional(BOUNCE_SIGNING_KEYS), p.problems);
    if (address == null) {
      return null;
    }
    if (keys.isEmpty()) {
      p.problems.add(
          "bounceAddress is set but bounceSigningKeys is not; set at least one key of "
              + MIN_KEY_LENGTH
              + " or more characters to sign the bounce tokens, or leave bounceAddress empty");
    }
    jakarta.mail.internet.InternetAddress parsed = p.address(BOUNCE_ADDRESS);
    if (parsed == null) {
      return null; // the parser named the problem
    }
    int at = address.lastIndexOf('@');
    String local = at < 0 ? "" : address.substring(0, at);
    String domain = at < 0 ? "" : address.substring(at + 1);
    String problem = null;
    if (parsed.getPersonal() != null || !address.equals(parsed.getAddress()) || at <= 0) {
      problem = "must be a bare address such as bounces@app.example.com";
    } else if (!WireAddress.ascii(address)) {
      problem = "must be ASCII: the token goes into its local part on every relay";
    } else if (local.startsWith("\"")) {
      problem = "must not have a quoted local part";
    } else if (local.length() > MAX_LOCAL_PART) {
      problem =
          "has a local part of "
              + local.length()
              + " characters; at most "
              + MAX_LOCAL_PART
              + " leave room for the token within SMTP's 64";
    }
    if (problem != null) {
      p.problems.add("bounceAddress '" + address + "' " + problem);
      return null;
    }
    return keys.isEmpty() ? null : new BounceAddress(local, domain, keys);
  }

  /**
   * The keys of {@code text}, comma-separated, each as its UTF-8 bytes after trimming; a key
   * shorter than {@link #MIN_KEY_LENGTH} is a problem (named by position, never shown).
   */
  static List<byte[]> keys(String text, List<String> problems) {
    List<byte[]> keys = new ArrayList<>();
    if (text == null) {
      return keys;
    }
    String[] parts = text.split(",", -1);
    for (int i = 0; i < parts.length; i++) {
      String key = parts[i].trim();
      if (key.length() < MIN_KEY_LENGTH) {
        problems.add(
            "bounceSigningKeys: key "
                + (i + 1)
                + " of "
                + parts.length
                + " has "
                + key.length()
                + " characters but must have at least "
                + MIN_KEY_LENGTH);
      } else {
        keys.add(key.getBytes(StandardCharsets.UTF_8));
      }
    }
    return keys;
  }

  /** {@code token} signed with the first key, as it goes into the envelope sender. */
  String sign(BounceToken token) {
    return token.sign(keys.get(0));
  }

  /**
   * The envelope sender carrying {@code signedToken} ({@link #sign}); or, when that would be longer
   * than SMTP allows (large row ids), the bare address, logged once: a strict relay answers such a
   * MAIL FROM with a 553, which would fail every recipient for good. The token still goes out as
   * the ENVID, which reports return. The address is ASCII, so characters are octets.
   */
  String sender(String signedToken) {
    String local = localPart + "+" + signedToken;
    String address = local + "@" + domain;
    if (local.length() <= SMTP_LOCAL_PART && address.length() + 2 <= SMTP_PATH) {
      return address;
    }
    if (tooLongLogged.compareAndSet(false, true)) {
      SmtpLog.bounceTokenTooLong(address, bare());
    }
    return bare();
  }

  /** The bare bounce address, for a message that carries no store rows to name. */
  String bare() {
    return localPart + "@" + domain;
  }

  /** What precedes the token in the local part, as {@code ReportMatcher} takes it. */
  String localPartPrefix() {
    return localPart + "+";
  }

  /** Every key, the signing one first: a token signed with any of them verifies. */
  List<byte[]> keys() {
    return keys.stream().map(byte[]::clone).toList();
  }

  /** For the start line: the address only, the keys counted, never shown. */
  @Override
  public String toString() {
    return bare() + " (" + keys.size() + " signing key(s))";
  }
}
