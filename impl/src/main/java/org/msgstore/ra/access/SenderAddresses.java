package org.msgstore.ra.access;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.msgstore.InternetHeaders;
import org.msgstore.PropTag;

/**
 * Every sender address a message carries, wherever the SMTP transport could turn it into a header:
 * PR_SENT_REPRESENTING_EMAIL_ADDRESS (From, "on behalf of") and PR_SENDER_EMAIL_ADDRESS (From
 * without it, else Sender), whatever their address type says, since the transport writes any value
 * that parses; and the Resent-From and Resent-Sender lines of the message's own headers (From and
 * Sender themselves cannot be set there).
 */
final class SenderAddresses {
  record Found(String address, String where) {}

  private static final List<String> RESENT = List.of("resent-from", "resent-sender");

  private SenderAddresses() {}

  static List<Found> of(Map<PropTag<?>, Object> props) {
    List<Found> found = new ArrayList<>();
    add(
        found,
        props.get(PropTag.PR_SENT_REPRESENTING_EMAIL_ADDRESS),
        "PR_SENT_REPRESENTING_EMAIL_ADDRESS (From)");
    add(
        found,
        props.get(PropTag.PR_SENDER_EMAIL_ADDRESS),
        "PR_SENDER_EMAIL_ADDRESS (From or Sender)");
    Object own = props.get(PropTag.PR_MSGSTORE_INTERNET_HEADERS);
    if (own instanceof String text) {
      for (Map.Entry<String, String> h : InternetHeaders.parse(text).asMap().entrySet()) {
        if (RESENT.contains(h.getKey().toLowerCase(Locale.ROOT))) {
          addHeader(found, h.getValue(), "the " + h.getKey() + " header");
        }
      }
    }
    return found;
  }

  private static void add(List<Found> found, Object value, String where) {
    if (value instanceof String address && !address.isBlank()) {
      found.add(new Found(address.strip(), where));
    }
  }

  /** Each address of the header; a value that does not parse is checked whole, so it is refused. */
  private static void addHeader(List<Found> found, String value, String where) {
    try {
      for (InternetAddress a : InternetAddress.parseHeader(value, false)) {
        add(found, a.getAddress(), where);
      }
    } catch (AddressException e) {
      add(found, value, where);
    }
  }
}
