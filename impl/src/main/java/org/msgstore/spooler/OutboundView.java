package org.msgstore.spooler;

import java.util.List;
import java.util.Set;
import org.msgstore.Attachment;
import org.msgstore.EntryId;
import org.msgstore.Message;
import org.msgstore.PropTag;
import org.msgstore.Recipient;
import org.msgstore.bounce.BounceOrigin;
import org.msgstore.spi.OutboundMessage;
import org.msgstore.store.HeldMessage;

/**
 * The spooler's open message as a transport sees it: reading only, so nothing a transport does
 * survives a failed attempt (R61). Preprocessors get {@link PreprocessView}, which may write. Its
 * row ids let the SMTP transport sign a bounce token per recipient ({@link BounceOrigin}).
 */
class OutboundView implements OutboundMessage, BounceOrigin {
  final Message message;
  private final String mailbox;
  private final long mailboxRowId;
  private final long messageRowId;

  OutboundView(HeldMessage held) {
    this.message = held.message();
    this.mailbox = held.mailbox();
    this.mailboxRowId = held.mailboxRowId();
    this.messageRowId = held.messageRowId();
  }

  @Override
  public long mailboxRowId() {
    return mailboxRowId;
  }

  @Override
  public long messageRowId() {
    return messageRowId;
  }

  @Override
  public EntryId entryId() {
    return message.entryId();
  }

  @Override
  public String mailbox() {
    return mailbox;
  }

  @Override
  public String internetMessageId() {
    return message.get(PropTag.PR_INTERNET_MESSAGE_ID);
  }

  @Override
  public List<Recipient> recipients() {
    return message.getRecipients();
  }

  @Override
  public List<Attachment> attachments() {
    return message.getAttachments();
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
