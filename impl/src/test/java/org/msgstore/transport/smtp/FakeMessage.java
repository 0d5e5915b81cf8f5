package org.msgstore.transport.smtp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.msgstore.Attachment;
import org.msgstore.EntryId;
import org.msgstore.PropTag;
import org.msgstore.Recipient;
import org.msgstore.RecipientType;
import org.msgstore.bounce.BounceOrigin;
import org.msgstore.spi.OutboundMessage;
import org.msgstore.spi.OutboundRecipient;

/**
 * A map-based outbound message, built fluently; no store involved. Its row ids (for bounce tokens)
 * are made up: mailbox 7, message 1234 unless set.
 */
final class FakeMessage implements OutboundMessage, BounceOrigin {
  private final Map<PropTag<?>, Object> props = new LinkedHashMap<>();
  private final List<Recipient> recipients = new ArrayList<>();
  private final List<Attachment> attachments = new ArrayList<>();
  private String messageId = "<msg-1@msgstore.test>";
  private long mailboxRowId = 7;
  private long messageRowId = 1234;

  static FakeMessage from(String address, String name) {
    return new FakeMessage()
        .with(PropTag.PR_SENDER_EMAIL_ADDRESS, address)
        .with(PropTag.PR_SENDER_NAME, name)
        .with(PropTag.PR_SUBJECT, "Hello")
        .with(PropTag.PR_BODY, "Body text");
  }

  <T> FakeMessage with(PropTag<T> tag, T value) {
    props.put(tag, value);
    return this;
  }

  FakeMessage without(PropTag<?> tag) {
    props.remove(tag);
    return this;
  }

  FakeMessage messageId(String id) {
    messageId = id;
    return this;
  }

  FakeMessage rows(long mailbox, long message) {
    mailboxRowId = mailbox;
    messageRowId = message;
    return this;
  }

  @Override
  public long mailboxRowId() {
    return mailboxRowId;
  }

  @Override
  public long messageRowId() {
    return messageRowId;
  }

  /** Adds a recipient row; the row id is its position, starting at 1. */
  FakeMessage to(RecipientType type, String name, String address) {
    return row(type.value(), name, address);
  }

  FakeMessage row(int recipientType, String name, String address) {
    Map<PropTag<?>, Object> row = new LinkedHashMap<>();
    row.put(PropTag.PR_ROWID, recipients.size() + 1);
    row.put(PropTag.PR_RECIPIENT_TYPE, recipientType);
    row.put(PropTag.PR_DISPLAY_NAME, name);
    row.put(PropTag.PR_ADDRTYPE, "SMTP");
    row.put(PropTag.PR_EMAIL_ADDRESS, address);
    row.put(PropTag.PR_RESPONSIBILITY, Boolean.FALSE);
    recipients.add(new Recipient(row));
    return this;
  }

  FakeMessage attach(Attachment attachment) {
    attachments.add(attachment);
    return this;
  }

  /** Every row not yet submitted, as the spooler offers them. */
  List<OutboundRecipient> offered() {
    List<OutboundRecipient> out = new ArrayList<>();
    for (Recipient r : recipients) {
      if (!r.submitted()) {
        out.add(
            new OutboundRecipient(
                r.rowId(), r.type(), r.displayName(), r.addressType(), r.address()));
      }
    }
    return out;
  }

  @Override
  public EntryId entryId() {
    return EntryId.of(new byte[] {1, 2, 3, 4});
  }

  @Override
  public String mailbox() {
    return "alice";
  }

  @Override
  public String internetMessageId() {
    return messageId;
  }

  @Override
  public List<Recipient> recipients() {
    return recipients;
  }

  @Override
  public List<Attachment> attachments() {
    return attachments;
  }

  @Override
  public <T> T get(PropTag<T> tag) {
    return tag.javaType().cast(props.get(tag));
  }

  @Override
  public Set<PropTag<?>> tags() {
    return props.keySet();
  }
}
