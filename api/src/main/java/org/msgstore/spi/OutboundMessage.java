package org.msgstore.spi;

import java.util.List;
import org.msgstore.Attachment;
import org.msgstore.EntryId;
import org.msgstore.PropertyView;
import org.msgstore.Recipient;

/** The read-only view of a locked, queued message that the spooler hands to a transport. */
public interface OutboundMessage extends PropertyView {
  EntryId entryId();

  /** The mailbox the message was submitted from. */
  String mailbox();

  /** The stable RFC 5322 {@code Message-ID}, the same on every attempt. */
  String internetMessageId();

  /** The whole recipient table, for headers (To/Cc); deliver only to the offered recipients. */
  List<Recipient> recipients();

  List<Attachment> attachments();
}
