package org.msgstore.bounce;

/**
 * Where an outbound message sits in the store, as a {@link BounceToken} names it: implemented by
 * the view of a queued message the spooler hands to a transport, so the SMTP transport can sign a
 * token per recipient without the public transport interface exposing row ids.
 */
public interface BounceOrigin {
  /** The sender's mailbox row id: where an NDR for a late bounce goes. */
  long mailboxRowId();

  /** The message's row id: the same from submit to Sent Items. */
  long messageRowId();

  /** The token naming recipient row {@code recipientRow} of this message. */
  default BounceToken tokenFor(int recipientRow) {
    return new BounceToken(mailboxRowId(), messageRowId(), recipientRow);
  }
}
