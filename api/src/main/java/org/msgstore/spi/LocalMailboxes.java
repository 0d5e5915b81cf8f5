package org.msgstore.spi;

import java.util.Locale;
import java.util.Set;
import org.msgstore.EntryId;

/**
 * The mailboxes of the adapter's own store, for a transport that delivers into them (the built-in
 * local-mailbox transport).
 */
public interface LocalMailboxes {
  /** The address type whose address is a mailbox name of this store. */
  String ADDRESS_TYPE = "MSGSTORE";

  /** Whether the mailbox exists; delivery never creates one. */
  boolean exists(String mailbox);

  /**
   * Puts a copy of {@code message} into the mailbox's Inbox and raises new mail once that is
   * committed; returns the copy's entry id.
   */
  EntryId deliverToInbox(OutboundMessage message, String mailbox);

  /**
   * The local mailbox a recipient address names, or null: a {@code MSGSTORE} address is the mailbox
   * name; an {@code SMTP} address in one of {@code localDomains} is a mailbox named by the whole
   * address in lower case.
   */
  static String mailboxOf(String addressType, String address, Set<String> localDomains) {
    if (ADDRESS_TYPE.equalsIgnoreCase(addressType)) {
      return address;
    }
    if ("SMTP".equalsIgnoreCase(addressType) && address != null) {
      int at = address.lastIndexOf('@');
      if (at > 0 && localDomains.contains(address.substring(at + 1).toLowerCase(Locale.ROOT))) {
        return address.toLowerCase(Locale.ROOT);
      }
    }
    return null;
  }
}
