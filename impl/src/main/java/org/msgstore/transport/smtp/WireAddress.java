package org.msgstore.transport.smtp;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.net.IDN;
import java.util.Locale;

/**
 * A stored recipient address as it goes into {@code RCPT TO}: byte for byte the stored address, or
 * its IDNA form (RFC 5891 A-labels) for a non-ASCII domain. Nothing else is ever changed.
 *
 * <p>Jakarta Mail writes SMTP commands in ASCII by dropping each character's high byte unless UTF-8
 * is allowed: {@code attacker\u0140evil.test\u013e@good.example} would go out as {@code RCPT
 * TO:<attacker@evil.test>@good.example>}, which a server reads as {@code attacker@evil.test}. So
 * every address is checked here: characters that can hide or break an address (controls,
 * separators, format characters such as bidi overrides) are refused, a domain whose IDNA form does
 * not convert back to exactly the stored domain is refused, and an address with a non-ASCII local
 * part is marked as needing SMTPUTF8 (RFC 6531), which the relay may or may not offer.
 *
 * @param stored the address as the store holds it (trimmed)
 * @param wire the address for {@code RCPT TO}; ASCII unless {@link #needsSmtpUtf8}
 * @param needsSmtpUtf8 the local part is not ASCII: only a relay offering SMTPUTF8 can take it
 */
record WireAddress(String stored, String wire, boolean needsSmtpUtf8) {

  /**
   * @throws AddressException naming what is wrong when the address cannot be sent as stored
   */
  static WireAddress of(String stored) throws AddressException {
    int at = stored.lastIndexOf('@');
    if (at <= 0 || at == stored.length() - 1) {
      throw new AddressException("expected local-part@domain", stored);
    }
    for (int i = 0; i < stored.length(); ) {
      int cp = stored.codePointAt(i);
      if (hides(cp)) {
        throw new AddressException(
            String.format("the address contains the character U+%04X", cp), stored);
      }
      i += Character.charCount(cp);
    }
    String local = stored.substring(0, at);
    String domain = stored.substring(at + 1);
    String wireDomain = domain;
    if (!ascii(domain)) {
      try {
        wireDomain = IDN.toASCII(domain, IDN.ALLOW_UNASSIGNED);
      } catch (IllegalArgumentException e) {
        throw new AddressException(
            "the domain '"
                + domain
                + "' is not an internationalized domain name: "
                + e.getMessage(),
            stored);
      }
      // IDNA maps some characters (full-width letters, ideographic full stop, decomposed accents)
      // to others; the address sent must be the one stored, not merely one that maps to it.
      if (!IDN.toUnicode(wireDomain, IDN.ALLOW_UNASSIGNED).equalsIgnoreCase(domain)) {
        throw new AddressException(
            "the domain '"
                + domain
                + "' is not in IDNA normal form (it would be sent as "
                + wireDomain
                + ", which is "
                + IDN.toUnicode(wireDomain, IDN.ALLOW_UNASSIGNED)
                + ")",
            stored);
      }
    }
    return new WireAddress(stored, local + "@" + wireDomain, !ascii(local));
  }

  /** The address for Jakarta Mail's transport, not parsed again (parsing could change it). */
  InternetAddress internetAddress() {
    InternetAddress a = new InternetAddress();
    a.setAddress(wire);
    return a;
  }

  /** The envelope key: one RCPT per distinct wire address, whatever the case. */
  String key() {
    return key(wire);
  }

  static String key(String wireAddress) {
    return wireAddress.toLowerCase(Locale.ROOT);
  }

  static boolean ascii(String s) {
    return s.chars().allMatch(c -> c < 0x80);
  }

  /**
   * Controls, non-ASCII spaces, separators and invisible format characters (bidi overrides, ZWJ,
   * BOM). An ASCII space can only be there inside a quoted local part, which RFC 5321 allows.
   */
  static boolean hides(int cp) {
    if (Character.isISOControl(cp) || (cp > 0x7F && Character.isSpaceChar(cp))) {
      return true;
    }
    int type = Character.getType(cp);
    return type == Character.FORMAT
        || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR
        || type == Character.UNASSIGNED
        || type == Character.SURROGATE
        || type == Character.PRIVATE_USE;
  }
}
