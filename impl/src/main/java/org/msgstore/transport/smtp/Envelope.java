package org.msgstore.transport.smtp;

import jakarta.mail.Address;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.msgstore.spi.DeliveryResult;
import org.msgstore.spi.OutboundRecipient;

/**
 * The SMTP envelope: exactly the offered recipients, one {@code RCPT TO} per distinct address
 * whatever their type (To, Cc, Bcc and P1 alike, R15). Recipients that cannot be addressed get
 * their verdict here, before any network traffic.
 */
final class Envelope {
  private static final String SMTP = "SMTP";

  /** Offered rows grouped by address: two rows with one address get one RCPT and one fate. */
  private final Map<String, List<OutboundRecipient>> rowsByAddress = new LinkedHashMap<>();

  private final Map<String, WireAddress> addresses = new LinkedHashMap<>();

  private Envelope() {}

  static Envelope of(List<OutboundRecipient> offered, Verdicts verdicts) {
    Envelope envelope = new Envelope();
    for (OutboundRecipient r : offered) {
      if (r.addressType() == null || !SMTP.equalsIgnoreCase(r.addressType())) {
        // Not ours (the spooler offers by address type, so this is unexpected): let the next
        // transport that claims the type have it (R54).
        verdicts.set(DeliveryResult.declined(r.rowId()));
        continue;
      }
      WireAddress address;
      try {
        address = parse(r.address());
      } catch (AddressException e) {
        verdicts.set(
            DeliveryResult.failed(
                r.rowId(),
                "'"
                    + r.address()
                    + "' is not a valid internet mail address (RFC 5322): "
                    + e.getMessage(),
                MapiCodes.MAPI_REASON_TRANSFER_IMPOSSIBLE,
                MapiCodes.MAPI_DIAG_MAIL_ADDRESS_INCORRECT));
        continue;
      }
      String key = address.key();
      envelope.addresses.putIfAbsent(key, address);
      envelope.rowsByAddress.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
    }
    return envelope;
  }

  /**
   * A bare addr-spec, strictly parsed, as it goes on the wire; "Name <a@b>" or a group is not an
   * address column value.
   */
  private static WireAddress parse(String text) throws AddressException {
    if (text == null || text.isBlank()) {
      throw new AddressException("the address is empty");
    }
    InternetAddress a = new InternetAddress(text.trim(), true);
    if (a.getPersonal() != null || a.isGroup() || !a.getAddress().equals(text.trim())) {
      throw new AddressException("expected a bare address such as user@example.com", text);
    }
    return WireAddress.of(text.trim());
  }

  /** The key of an address Jakarta Mail reports back: the wire address it was given. */
  static String key(InternetAddress address) {
    return WireAddress.key(address.getAddress());
  }

  boolean isEmpty() {
    return addresses.isEmpty();
  }

  /** Every envelope address, as {@code RCPT TO} takes them. */
  Address[] addresses() {
    return addresses.values().stream().map(WireAddress::internetAddress).toArray(Address[]::new);
  }

  /** The envelope addresses a relay without SMTPUTF8 can take: the others' keys are left out. */
  Address[] asciiAddresses() {
    return addresses.values().stream()
        .filter(a -> !a.needsSmtpUtf8())
        .map(WireAddress::internetAddress)
        .toArray(Address[]::new);
  }

  /** Whether some address has a non-ASCII local part, which only SMTPUTF8 can carry. */
  boolean needsSmtpUtf8() {
    return addresses.values().stream().anyMatch(WireAddress::needsSmtpUtf8);
  }

  WireAddress address(String key) {
    return addresses.get(key);
  }

  Collection<String> keys() {
    return addresses.keySet();
  }

  List<OutboundRecipient> rows(String key) {
    return rowsByAddress.get(key);
  }

  /** The part of this envelope with address {@code key} only: one transaction's recipients. */
  Envelope only(String key) {
    Envelope part = new Envelope();
    part.addresses.put(key, addresses.get(key));
    part.rowsByAddress.put(key, rowsByAddress.get(key));
    return part;
  }

  /** Every recipient in the envelope; used when one verdict applies to all of them. */
  List<OutboundRecipient> allRows() {
    List<OutboundRecipient> all = new ArrayList<>();
    rowsByAddress.values().forEach(all::addAll);
    return all;
  }
}
