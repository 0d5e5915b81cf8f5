package org.msgstore.store;

import java.io.InputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
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
import org.msgstore.store.jdbc.FolderRecord;
import org.msgstore.store.jdbc.MessageRecord;
import org.msgstore.store.jdbc.RecipientRecord;

/**
 * An open message. Changes stay on this object until {@link #saveChanges()} writes message row,
 * recipient rows and attachments in one unit of work; the version column turns a concurrent save
 * into MAPI_E_OBJECT_CHANGED instead of a lost update.
 */
final class StoreMessage implements Message {
  private static final int MAPI_MESSAGE = 5;

  private final MailboxSession session;
  private final FolderRecord folder;
  private final byte[] entryId;
  private final boolean readOnly;
  private final Map<PropTag<?>, Object> props;
  private final RecipientTable recipients;
  private final AttachmentSet attachments;
  private long messageId;
  private int version;
  private int flags;
  private long createdUs;
  private long modifiedUs;
  private boolean closed;

  /** After a successful submit() the object accepts only close() (R13). */
  private boolean submitted;

  /** PR_SUBMIT_FLAGS as the queue showed it when the message was opened or locked. */
  private int submitFlags;

  /** Property changes not yet saved. */
  private boolean dirty;

  private StoreMessage(
      MailboxSession session,
      FolderRecord folder,
      MessageRecord record,
      RecipientTable recipients,
      AttachmentSet attachments,
      boolean readOnly) {
    this.session = session;
    this.folder = folder;
    this.entryId = record.entryId();
    this.messageId = record.id();
    this.version = record.version();
    this.flags = record.messageFlags();
    this.createdUs = record.createdUs();
    this.modifiedUs = record.modifiedUs();
    this.props = new LinkedHashMap<>(record.props());
    this.recipients = recipients;
    this.attachments = attachments;
    this.readOnly = readOnly;
  }

  static StoreMessage create(MailboxSession session, FolderRecord folder) {
    Map<PropTag<?>, Object> defaults = new LinkedHashMap<>();
    defaults.put(PropTag.PR_MESSAGE_CLASS, "IPM.Note");
    MessageRecord fresh =
        new MessageRecord(
            0,
            session.mailboxRecord().id(),
            folder.id(),
            EntryIds.newMessageId(),
            0,
            0,
            0,
            0,
            defaults);
    return new StoreMessage(
        session, folder, fresh, new RecipientTable(List.of()), new AttachmentSet(List.of()), false);
  }

  static StoreMessage open(
      MailboxSession session, MessageRecord record, boolean readOnly, int submitFlags) {
    FolderRecord folder = session.mailboxRecord().folderById(record.folderId());
    List<RecipientRecord> rows =
        UnitOfWork.read(
            session.connection(),
            "reading recipients",
            c -> session.store().recipients().load(c, record.id()));
    AttachmentSet attachments =
        new AttachmentSet(
            UnitOfWork.read(
                session.connection(),
                "reading attachments",
                c -> session.store().attachments().list(c, record.id())));
    StoreMessage m =
        new StoreMessage(session, folder, record, new RecipientTable(rows), attachments, readOnly);
    m.submitFlags = submitFlags;
    return m;
  }

  @Override
  public EntryId entryId() {
    checkOpen();
    return EntryId.of(entryId);
  }

  @Override
  public EntryId parentId() {
    checkOpen();
    return EntryId.of(folder.entryId());
  }

  @Override
  public <T> T get(PropTag<T> tag) {
    checkOpen();
    Object v = computed(tag);
    if (v == null) {
      v = props.get(tag);
    }
    if (v instanceof byte[] b) {
      v = b.clone();
    }
    return v == null ? null : tag.javaType().cast(v);
  }

  /** Properties the store answers itself, from the row and the open object. */
  private Object computed(PropTag<?> tag) {
    if (tag.equals(PropTag.PR_ENTRYID) || tag.equals(PropTag.PR_RECORD_KEY)) {
      return entryId;
    } else if (tag.equals(PropTag.PR_PARENT_ENTRYID)) {
      return folder.entryId();
    } else if (tag.equals(PropTag.PR_MESSAGE_FLAGS)) {
      return flags | (attachments.isEmpty() ? 0 : MessageFlags.MSGFLAG_HASATTACH);
    } else if (tag.equals(PropTag.PR_ACCESS_LEVEL)) {
      return readOnly ? 0 : 1;
    } else if (tag.equals(PropTag.PR_OBJECT_TYPE)) {
      return MAPI_MESSAGE;
    } else if (tag.equals(PropTag.PR_HASATTACH)) {
      return !attachments.isEmpty();
    } else if (tag.equals(PropTag.PR_DISPLAY_TO)) {
      return recipients.display(RecipientType.TO);
    } else if (tag.equals(PropTag.PR_DISPLAY_CC)) {
      return recipients.display(RecipientType.CC);
    } else if (tag.equals(PropTag.PR_DISPLAY_BCC)) {
      return recipients.display(RecipientType.BCC);
    } else if (tag.equals(PropTag.PR_SUBMIT_FLAGS)) {
      return (flags & MessageFlags.MSGFLAG_SUBMIT) != 0 ? submitFlags : null;
    } else if (tag.equals(PropTag.PR_CREATION_TIME)) {
      return messageId == 0 ? null : MessageStore.instant(createdUs);
    } else if (tag.equals(PropTag.PR_LAST_MODIFICATION_TIME)) {
      return messageId == 0 ? null : MessageStore.instant(modifiedUs);
    }
    return null;
  }

  @Override
  public Set<PropTag<?>> tags() {
    checkOpen();
    Set<PropTag<?>> tags = new LinkedHashSet<>(props.keySet());
    for (PropTag<?> t :
        List.of(
            PropTag.PR_ENTRYID,
            PropTag.PR_RECORD_KEY,
            PropTag.PR_PARENT_ENTRYID,
            PropTag.PR_MESSAGE_FLAGS,
            PropTag.PR_ACCESS_LEVEL,
            PropTag.PR_OBJECT_TYPE,
            PropTag.PR_HASATTACH,
            PropTag.PR_DISPLAY_TO,
            PropTag.PR_DISPLAY_CC,
            PropTag.PR_DISPLAY_BCC,
            PropTag.PR_CREATION_TIME,
            PropTag.PR_LAST_MODIFICATION_TIME)) {
      if (computed(t) != null) {
        tags.add(t);
      }
    }
    return tags;
  }

  @Override
  public <T> void set(PropTag<T> tag, T value) {
    checkWritable();
    if (PropTag.PR_MESSAGE_FLAGS.equals(tag)) {
      int requested = PropTag.PR_MESSAGE_FLAGS.checkValue(value) & ~MessageFlags.MSGFLAG_HASATTACH;
      flags = InputRules.checkFlagsWrite(flags, requested, messageId != 0);
      dirty = true;
      return;
    }
    props.put(tag, InputRules.checkClientWrite(tag, value));
    dirty = true;
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
    if (PropTag.PR_MESSAGE_FLAGS.equals(tag) || computed(tag) != null) {
      throw new MapiException(
          MapiError.MAPI_E_COMPUTED, tag + " is kept by the store and cannot be deleted");
    }
    props.remove(tag);
    dirty = true;
  }

  @Override
  public Recipient addRecipient(
      RecipientType type, String displayName, String addressType, String address) {
    checkWritable();
    return recipients.add(type, displayName, addressType, address);
  }

  @Override
  public void removeRecipient(int rowId) {
    checkWritable();
    recipients.remove(rowId);
  }

  @Override
  public <T> void setRecipientProperty(int rowId, PropTag<T> tag, T value) {
    checkWritable();
    if (tag == null) {
      throw new MapiException(MapiError.MAPI_E_INVALID_PARAMETER, "the property tag is null");
    }
    recipients.set(rowId, tag, value);
  }

  @Override
  public List<Recipient> getRecipients() {
    checkOpen();
    return recipients.views();
  }

  @Override
  public Attachment addAttachment(String fileName, String mimeType, InputStream content) {
    checkWritable();
    return attachments.add(fileName, mimeType, content);
  }

  @Override
  public List<Attachment> getAttachments() {
    checkOpen();
    return attachments.views(session, messageId);
  }

  @Override
  public void removeAttachment(int number) {
    checkWritable();
    attachments.remove(number);
  }

  @Override
  public void saveChanges() {
    checkWritable();
    checkSender();
    long now = MessageStore.micros(session.store().clock().instant());
    MessageRecord record = nextRecord(props, flags, recipients.records(), now);
    List<RecipientRecord> rows = recipients.records();
    long id =
        UnitOfWork.run(
            session.connection(),
            "saving message " + EntryId.of(entryId),
            c -> write(c, record, rows, recipients.dirty()));
    adopt(record, id, rows);
  }

  /** The row a save writes: the next version, with the bag as stored. */
  MessageRecord nextRecord(
      Map<PropTag<?>, Object> bag, int messageFlags, List<RecipientRecord> rows, long nowUs) {
    return new MessageRecord(
        messageId,
        session.mailboxRecord().id(),
        folder.id(),
        entryId,
        messageFlags,
        version + 1,
        messageId == 0 ? nowUs : createdUs,
        nowUs,
        storedProps(bag, rows));
  }

  /**
   * Writes message row, recipient rows and pending attachments on {@code c}; returns the row id. An
   * update that finds another version fails with MAPI_E_OBJECT_CHANGED instead of overwriting.
   */
  long write(Connection c, MessageRecord record, List<RecipientRecord> rows, boolean rowsChanged)
      throws SQLException {
    long rowId;
    if (messageId == 0) {
      rowId = session.store().messages().insert(c, record);
      session.store().recipients().insertAll(c, rowId, rows);
    } else {
      if (!session.store().messages().update(c, record, version)) {
        throw new MapiException(
            MapiError.MAPI_E_OBJECT_CHANGED,
            "message "
                + EntryId.of(entryId)
                + " was changed or deleted by someone else since it was opened; open it again");
      }
      rowId = messageId;
      if (rowsChanged) {
        session.store().recipients().replaceAll(c, rowId, rows);
      }
    }
    attachments.flush(session.store(), c, rowId);
    return rowId;
  }

  /** After a successful write: this object now shows what is stored. */
  void adopt(MessageRecord record, long id, List<RecipientRecord> rows) {
    messageId = id;
    version = record.version();
    createdUs = record.createdUs();
    modifiedUs = record.modifiedUs();
    flags = record.messageFlags();
    dirty = false;
    props.clear();
    props.putAll(record.props());
    recipients.replaceWith(rows);
    attachments.markSaved();
  }

  /**
   * The bag as stored: the client's properties plus what tables read without opening the message.
   */
  private Map<PropTag<?>, Object> storedProps(
      Map<PropTag<?>, Object> bag, List<RecipientRecord> rows) {
    Map<PropTag<?>, Object> stored = new LinkedHashMap<>(bag);
    RecipientTable table = new RecipientTable(rows);
    stored.put(PropTag.PR_DISPLAY_TO, table.display(RecipientType.TO));
    stored.put(PropTag.PR_DISPLAY_CC, table.display(RecipientType.CC));
    stored.put(PropTag.PR_DISPLAY_BCC, table.display(RecipientType.BCC));
    stored.put(PropTag.PR_HASATTACH, !attachments.isEmpty());
    long size = attachments.totalSize();
    for (Object v : bag.values()) {
      size += v instanceof String str ? str.length() * 2L : v instanceof byte[] b ? b.length : 8;
    }
    stored.put(PropTag.PR_MESSAGE_SIZE, (int) Math.min(Integer.MAX_VALUE, size));
    return stored;
  }

  /** The sender, when given as SMTP, must be an address a transport can use. */
  void checkSender() {
    checkSmtp(PropTag.PR_SENDER_ADDRTYPE, PropTag.PR_SENDER_EMAIL_ADDRESS);
    checkSmtp(PropTag.PR_SENT_REPRESENTING_ADDRTYPE, PropTag.PR_SENT_REPRESENTING_EMAIL_ADDRESS);
  }

  private void checkSmtp(PropTag<String> typeTag, PropTag<String> addressTag) {
    Object address = props.get(addressTag);
    Object type = props.get(typeTag);
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
    if ((flags & MessageFlags.MSGFLAG_SUBMIT) != 0) {
      return; // a submitted message keeps its read flag (MAPI SetReadFlag)
    }
    if (messageId != 0) {
      boolean changed =
          UnitOfWork.run(
              session.connection(),
              "setting the read flag",
              c ->
                  session
                      .store()
                      .messages()
                      .updateReadFlag(c, messageId, read, MessageFlags.MSGFLAG_SUBMIT));
      if (!changed) {
        return; // submitted meanwhile, or deleted: the stored flag is left as it is
      }
    }
    flags = read ? flags | MessageFlags.MSGFLAG_READ : flags & ~MessageFlags.MSGFLAG_READ;
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
      attachments.discard();
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new MapiException(
          MapiError.MAPI_E_INVALID_OBJECT, "message " + EntryId.of(entryId) + " was closed");
    }
    if (submitted) {
      throw new MapiException(
          MapiError.MAPI_E_INVALID_OBJECT,
          "message "
              + EntryId.of(entryId)
              + " was submitted; its object accepts only close(). Open it again to read it");
    }
    session.connection().jdbc(); // refuses use through a closed connection handle
  }

  private void checkWritable() {
    checkOpen();
    if (readOnly) {
      throw new MapiException(
          MapiError.MAPI_E_NO_ACCESS,
          "message "
              + EntryId.of(entryId)
              + " was opened read-only; open it with MAPI_MODIFY to change it");
    }
  }

  MailboxSession session() {
    return session;
  }

  boolean hasPendingChanges() {
    return dirty || recipients.dirty() || attachments.hasPending() || messageId == 0;
  }

  /** The spooler finished preprocessing (B3): the object no longer shows SUBMITFLAG_PREPROCESS. */
  void clearPreprocessView() {
    submitFlags &= ~org.msgstore.SubmitFlags.SUBMITFLAG_PREPROCESS;
  }

  /** The spooler locked or unlocked the message through this object. */
  void setLockedView(boolean locked) {
    submitFlags =
        locked
            ? submitFlags | org.msgstore.SubmitFlags.SUBMITFLAG_LOCKED
            : submitFlags & ~org.msgstore.SubmitFlags.SUBMITFLAG_LOCKED;
  }

  Map<PropTag<?>, Object> props() {
    return props;
  }

  int flags() {
    return flags;
  }

  /** The message's row id in the store. */
  long rowId() {
    return messageId;
  }

  List<RecipientRecord> recipientRecords() {
    return recipients.records();
  }

  byte[] entryIdBytes() {
    return entryId;
  }

  @Override
  public String toString() {
    return "Message["
        + EntryId.of(entryId)
        + " in "
        + session.mailbox()
        + "/"
        + folder.displayName()
        + "]";
  }
}
