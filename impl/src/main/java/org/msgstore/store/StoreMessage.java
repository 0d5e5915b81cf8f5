package org.msgstore.store;

import java.io.InputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.msgstore.Attachment;
import org.msgstore.EntryId;
import org.msgstore.MapiError;
import org.msgstore.MapiException;
import org.msgstore.Message;
import org.msgstore.MessageFlags;
import org.msgstore.PropTag;
import org.msgstore.Recipient;
import org.msgstore.RecipientType;
import org.msgstore.SubmitFlags;
import org.msgstore.store.jdbc.FolderRecord;
import org.msgstore.store.jdbc.MessageRecord;
import org.msgstore.store.jdbc.RecipientRecord;

/**
 * An open message as a client sees it: which calls it accepts (closed, submitted, read-only), the
 * checks on what is written, and the spooler's view of PR_SUBMIT_FLAGS. The content, and loading
 * and saving it, is the {@link PersistentMessage} behind it; changes stay there until {@link
 * #saveChanges()}.
 *
 * <p>Past 300 lines because it is the whole {@link Message} interface plus the handful of calls
 * {@link SpoolerSession} and {@link Submission} make on an open message; each is a check and a
 * delegation.
 */
final class StoreMessage implements Message {
  /** PR_OBJECT_TYPE of a message. */
  static final int MAPI_MESSAGE = 5;

  private final PersistentMessage persistent;
  private final boolean readOnly;
  private boolean closed;

  /** After a successful submit() the object accepts only close() (R13). */
  private boolean submitted;

  /** PR_SUBMIT_FLAGS as the queue showed it when the message was opened or locked. */
  private int submitFlags;

  private StoreMessage(PersistentMessage persistent, boolean readOnly, int submitFlags) {
    this.persistent = persistent;
    this.readOnly = readOnly;
    this.submitFlags = submitFlags;
  }

  static StoreMessage create(MailboxSession session, FolderRecord folder) {
    return new StoreMessage(PersistentMessage.create(session, folder), false, 0);
  }

  /**
   * The stored message of {@code record}, its rows read on {@code c} (the caller's unit of work).
   */
  static StoreMessage open(
      MailboxSession session, Connection c, MessageRecord record, boolean readOnly, int submitFlags)
      throws SQLException {
    return new StoreMessage(PersistentMessage.load(session, c, record), readOnly, submitFlags);
  }

  @Override
  public EntryId entryId() {
    checkOpen();
    return EntryId.of(persistent.entryId());
  }

  @Override
  public EntryId parentId() {
    checkOpen();
    return EntryId.of(persistent.folder().entryId());
  }

  @Override
  public <T> T get(PropTag<T> tag) {
    checkOpen();
    Object v = ComputedProperty.valueOf(tag, this);
    if (v == null) {
      v = persistent.props().get(tag);
    }
    if (v instanceof byte[] b) {
      v = b.clone();
    }
    return v == null ? null : tag.javaType().cast(v);
  }

  @Override
  public Set<PropTag<?>> tags() {
    checkOpen();
    Set<PropTag<?>> tags = new LinkedHashSet<>(persistent.props().keySet());
    // Kept in the bag for the attachments, not a property of the message (Attachment shows it).
    tags.remove(AttachmentProps.TAG);
    for (ComputedProperty p : ComputedProperty.LISTED) {
      if (p.valueOf(this) != null) {
        tags.add(p.tag());
      }
    }
    return tags;
  }

  @Override
  public <T> void set(PropTag<T> tag, T value) {
    checkWritable();
    if (PropTag.PR_MESSAGE_FLAGS.equals(tag)) {
      int requested = PropTag.PR_MESSAGE_FLAGS.checkValue(value) & ~MessageFlags.MSGFLAG_HASATTACH;
      persistent.setFlags(
          InputRules.checkFlagsWrite(persistent.flags(), requested, persistent.isSaved()));
      return;
    }
    persistent.put(tag, InputRules.checkClientWrite(tag, value));
  }

  /**
   * set() for a tag known only as a wildcard; the value is checked against the tag all the same.
   */
  @SuppressWarnings("unchecked")
  void setUnchecked(PropTag<?> tag, Object value) {
    set((PropTag<Object>) tag, value);
  }

  @Override
  public void delete(PropTag<?> tag) {
    checkWritable();
    if (tag == null) {
      throw new MapiException(MapiError.MAPI_E_INVALID_PARAMETER, "the property tag is null");
    }
    if (PropTag.PR_MESSAGE_FLAGS.equals(tag) || ComputedProperty.valueOf(tag, this) != null) {
      throw new MapiException(
          MapiError.MAPI_E_COMPUTED, tag + " is kept by the store and cannot be deleted");
    }
    persistent.remove(tag);
  }

  @Override
  public Recipient addRecipient(
      RecipientType type, String displayName, String addressType, String address) {
    checkWritable();
    return persistent.recipients().add(type, displayName, addressType, address);
  }

  @Override
  public void removeRecipient(int rowId) {
    checkWritable();
    persistent.recipients().remove(rowId);
  }

  @Override
  public <T> void setRecipientProperty(int rowId, PropTag<T> tag, T value) {
    checkWritable();
    if (tag == null) {
      throw new MapiException(MapiError.MAPI_E_INVALID_PARAMETER, "the property tag is null");
    }
    persistent.recipients().set(rowId, tag, value);
  }

  @Override
  public List<Recipient> getRecipients() {
    checkOpen();
    return persistent.recipients().views();
  }

  @Override
  public Attachment addAttachment(String fileName, String mimeType, InputStream content) {
    checkWritable();
    return persistent.attachments().add(fileName, mimeType, content);
  }

  @Override
  public List<Attachment> getAttachments() {
    checkOpen();
    return attachmentProps().views(persistent.attachmentViews());
  }

  @Override
  public <T> void setAttachmentProperty(int number, PropTag<T> tag, T value) {
    checkWritable();
    if (tag == null) {
      throw new MapiException(MapiError.MAPI_E_INVALID_PARAMETER, "the property tag is null");
    }
    if (persistent.attachmentViews().stream().noneMatch(a -> a.number() == number)) {
      throw new MapiException(
          MapiError.MAPI_E_NOT_FOUND, "the message has no attachment " + number);
    }
    putAttachmentProps(attachmentProps().with(number, tag, value));
  }

  @Override
  public void removeAttachment(int number) {
    checkWritable();
    persistent.attachments().remove(number);
    if (persistent.props().containsKey(AttachmentProps.TAG)) {
      putAttachmentProps(attachmentProps().without(number));
    }
  }

  private AttachmentProps attachmentProps() {
    return AttachmentProps.of(persistent.props().get(AttachmentProps.TAG));
  }

  private void putAttachmentProps(AttachmentProps props) {
    String encoded = props.encode();
    if (encoded == null) {
      persistent.remove(AttachmentProps.TAG);
    } else {
      persistent.put(AttachmentProps.TAG, encoded);
    }
  }

  @Override
  public void saveChanges() {
    checkWritable();
    checkSender();
    persistent.save();
  }

  /** The sender, when given as SMTP, must be an address a transport can use. */
  void checkSender() {
    checkSmtp(PropTag.PR_SENDER_ADDRTYPE, PropTag.PR_SENDER_EMAIL_ADDRESS);
    checkSmtp(PropTag.PR_SENT_REPRESENTING_ADDRTYPE, PropTag.PR_SENT_REPRESENTING_EMAIL_ADDRESS);
  }

  private void checkSmtp(PropTag<String> typeTag, PropTag<String> addressTag) {
    Object address = persistent.props().get(addressTag);
    Object type = persistent.props().get(typeTag);
    if (address != null && (type == null || "SMTP".equalsIgnoreCase((String) type))) {
      InputRules.checkSmtpAddress(addressTag.name(), (String) address);
    }
  }

  @Override
  public void submit() {
    submit(0);
  }

  @Override
  public void submit(int submitFlags) {
    checkWritable();
    Submission.submit(this, submitFlags);
    submitted = true;
  }

  @Override
  public void setReadFlag(boolean read) {
    checkOpen();
    persistent.setReadFlag(read);
  }

  @Override
  public boolean isReadOnly() {
    checkOpen();
    return readOnly;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      persistent.attachments().discard();
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new MapiException(
          MapiError.MAPI_E_INVALID_OBJECT,
          "message " + EntryId.of(persistent.entryId()) + " was closed");
    }
    if (submitted) {
      throw new MapiException(
          MapiError.MAPI_E_INVALID_OBJECT,
          "message "
              + EntryId.of(persistent.entryId())
              + " was submitted; its object accepts only close(). Open it again to read it");
    }
    persistent.session().connection().checkOpen(); // refuses use through a closed connection handle
  }

  private void checkWritable() {
    checkOpen();
    if (readOnly) {
      throw new MapiException(
          MapiError.MAPI_E_NO_ACCESS,
          "message "
              + EntryId.of(persistent.entryId())
              + " was opened read-only; open it with MAPI_MODIFY to change it");
    }
  }

  /** PR_ACCESS_LEVEL: 1 when the object may change the message, 0 when read-only. */
  int accessLevel() {
    return readOnly ? 0 : 1;
  }

  /** PR_SUBMIT_FLAGS: only a submitted message has them. */
  Integer submitFlagsShown() {
    return (persistent.flags() & MessageFlags.MSGFLAG_SUBMIT) != 0 ? submitFlags : null;
  }

  /** The spooler finished preprocessing (B3): the object no longer shows SUBMITFLAG_PREPROCESS. */
  void clearPreprocessView() {
    submitFlags &= ~SubmitFlags.SUBMITFLAG_PREPROCESS;
  }

  /** The spooler locked or unlocked the message through this object. */
  void setLockedView(boolean locked) {
    submitFlags =
        locked
            ? submitFlags | SubmitFlags.SUBMITFLAG_LOCKED
            : submitFlags & ~SubmitFlags.SUBMITFLAG_LOCKED;
  }

  /** The content behind this object, for the store's own work on it (submit, spooler). */
  PersistentMessage persistent() {
    return persistent;
  }

  MailboxSession session() {
    return persistent.session();
  }

  boolean hasPendingChanges() {
    return persistent.hasPendingChanges();
  }

  /** The row a save writes: the next version, with the bag as stored. */
  MessageRecord nextRecord(
      Map<PropTag<?>, Object> bag, int messageFlags, List<RecipientRecord> rows, long nowUs) {
    return persistent.nextRecord(bag, messageFlags, rows, nowUs);
  }

  Map<PropTag<?>, Object> props() {
    return persistent.props();
  }

  int flags() {
    return persistent.flags();
  }

  /** The message's row id in the store (see {@link PersistentMessage#rowId}). */
  long rowId() {
    return persistent.rowId();
  }

  List<RecipientRecord> recipientRecords() {
    return persistent.recipients().records();
  }

  @Override
  public String toString() {
    return "Message["
        + EntryId.of(persistent.entryId())
        + " in "
        + persistent.session().mailbox()
        + "/"
        + persistent.folder().displayName()
        + "]";
  }
}
