package org.msgstore.transport.smtp;

import java.nio.charset.StandardCharsets;
import org.msgstore.PropTag;
import org.msgstore.spi.OutboundMessage;

/**
 * The RFC 3461 delivery status notification parameters of a message: {@code NOTIFY} from its MAPI
 * report flags (R57, R58), {@code RET=HDRS} (a report carries the headers, never the content back),
 * {@code ENVID} naming the message and {@code ORCPT} naming the recipient, so a report that comes
 * back can be matched. Used only with {@code bounceAddress} set (where the reports go to an address
 * of the application's, not to a person) and a relay whose EHLO offers {@code DSN}.
 */
final class DsnParameters {
  /** A report returns the headers only: enough to match it, without a copy of the content. */
  static final String RET = "HDRS";

  /** RFC 3461 §4.4: an ENVID is at most 100 characters. */
  static final int MAX_ENVID = 100;

  private DsnParameters() {}

  /**
   * The {@code NOTIFY} value: a delivery report asked for ({@code
   * PR_ORIGINATOR_DELIVERY_REPORT_REQUESTED} TRUE) adds SUCCESS; non-delivery reports turned off
   * ({@code PR_ORIGINATOR_NON_DELIVERY_REPORT_REQUESTED} explicitly FALSE) drop FAILURE and DELAY,
   * and with no delivery report either that is NEVER (which RFC 3461 allows only alone).
   */
  static String notify(OutboundMessage message) {
    boolean deliveryReport =
        Boolean.TRUE.equals(message.get(PropTag.PR_ORIGINATOR_DELIVERY_REPORT_REQUESTED));
    boolean noNonDelivery =
        Boolean.FALSE.equals(message.get(PropTag.PR_ORIGINATOR_NON_DELIVERY_REPORT_REQUESTED));
    if (deliveryReport) {
      return noNonDelivery ? "SUCCESS" : "SUCCESS,FAILURE,DELAY";
    }
    return noNonDelivery ? "NEVER" : "FAILURE,DELAY";
  }

  /**
   * {@code text} as an ENVID, or null when it is none (empty, or over {@link #MAX_ENVID} characters
   * once encoded).
   */
  static String envid(String text) {
    if (text == null || text.isEmpty()) {
      return null;
    }
    String encoded = xtext(text);
    return encoded.length() <= MAX_ENVID ? encoded : null;
  }

  /**
   * The {@code ORCPT} value for {@code address}: {@code rfc822;} and the xtext of an ASCII address;
   * for a non-ASCII local part, which only goes out with SMTPUTF8, RFC 6533's {@code utf-8;} form
   * with the stored address as UTF-8 text.
   */
  static String orcpt(WireAddress address) {
    return address.needsSmtpUtf8()
        ? "utf-8;" + unitext(address.stored())
        : "rfc822;" + xtext(address.wire());
  }

  /**
   * RFC 3461 §4 xtext: printable ASCII but {@code +} and {@code =} as is, every other octet (of the
   * UTF-8 form) as {@code +} and two upper-case hex digits.
   */
  static String xtext(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xFF;
      if (c >= 33 && c <= 126 && c != '+' && c != '=') {
        out.append((char) c);
      } else {
        out.append('+').append(hex(c));
      }
    }
    return out.toString();
  }

  /**
   * RFC 6533 utf-8-addr-unitext: UTF-8 text as is but {@code +}, {@code =}, {@code \}, space and
   * controls as {@code \x{HEX}}.
   */
  static String unitext(String text) {
    StringBuilder out = new StringBuilder(text.length());
    text.codePoints()
        .forEach(
            cp -> {
              if (cp <= 0x20 || cp == 0x7F || cp == '+' || cp == '=' || cp == '\\') {
                out.append("\\x{").append(hex(cp)).append('}');
              } else {
                out.appendCodePoint(cp);
              }
            });
    return out.toString();
  }

  private static String hex(int c) {
    return String.format("%02X", c);
  }
}
