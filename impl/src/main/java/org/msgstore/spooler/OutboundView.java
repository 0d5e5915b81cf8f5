package org.msgstore.spooler;

import java.util.List;
import java.util.Set;
import org.msgstore.Attachment;
import org.msgstore.EntryId;
import org.msgstore.Message;
import org.msgstore.PropTag;
import org.msgstore.Recipient;
import org.msgstore.spi.PreprocessableMessage;

/** The spooler's open message as transports and preprocessors see it. */
final class OutboundView implements PreprocessableMessage {
  private final Message message;
  private final String mailbox;

  OutboundView(Message message, String mailbox) {
    this.message = message;
    this.mailbox = mailbox;
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

  @Override
  public <T> void set(PropTag<T> tag, T value) {
    message.set(tag, value);
  }

  @Override
  public void delete(PropTag<?> tag) {
    message.delete(tag);
  }
}
