package org.msgstore.spooler;

import java.util.List;
import java.util.Set;
import org.msgstore.Attachment;
import org.msgstore.EntryId;
import org.msgstore.PropTag;
import org.msgstore.Recipient;
import org.msgstore.spi.OutboundMessage;

/**
 * What a transport gets: reading only. A transport cannot change the message, so nothing it did
 * survives a failed attempt (R61) and no cast gets around that.
 */
record ReadOnlyOutbound(OutboundMessage message) implements OutboundMessage {
  @Override
  public EntryId entryId() {
    return message.entryId();
  }

  @Override
  public String mailbox() {
    return message.mailbox();
  }

  @Override
  public String internetMessageId() {
    return message.internetMessageId();
  }

  @Override
  public List<Recipient> recipients() {
    return message.recipients();
  }

  @Override
  public List<Attachment> attachments() {
    return message.attachments();
  }

  @Override
  public <T> T get(PropTag<T> tag) {
    return message.get(tag);
  }

  @Override
  public Set<PropTag<?>> tags() {
    return message.tags();
  }
}
