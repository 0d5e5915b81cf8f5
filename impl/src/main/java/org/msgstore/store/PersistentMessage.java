package org.msgstore.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.msgstore.Attachment;
import org.msgstore.EntryId;
import org.msgstore.MapiError;
import org.msgstore.MapiException;
import org.msgstore.MessageFlags;
import org.msgstore.PropTag;
import org.msgstore.store.jdbc.FolderRecord;
import org.msgstore.store.jdbc.MessageRecord;
import org.msgstore.store.jdbc.RecipientRecord;

/**
 * What an open message loads from the store and saves back: its row (flags and property bag), its
 * recipient rows and its attachments, and the stored version it was read from, if any. Changes stay
 * here until a save writes all of it in one unit of work; the version turns a concurrent save into
 * MAPI_E_OBJECT_CHANGED instead of a lost update. What a client may change, and when, is decided by
 * {@link StoreMessage}.
 */
final class PersistentMessage {
  private final MailboxSession session;
  private final FolderRecord folder;
  private final byte[] entryId;
  private final Map<PropTag<?>, Object> props;
  private final RecipientTable recipients;
  private final AttachmentSet attachments;

  /** Empty until the message is first saved. */
  private Optional<SavedVersion> saved;

  private int flags;

  /** Property or flag changes not yet saved. */
  private boolean dirty;

  private PersistentMessage(
      MailboxSession session,
      FolderRecord folder,
      byte[] entryId,
      Optional<SavedVersion> saved,
      int flags,
      Map<PropTag<?>, Object> props,
      RecipientTable recipients,
      AttachmentSet attachments) {
    this.session = session;
    this.folder = folder;
    this.entryId = entryId;
    this.saved = saved;
    this.flags = flags;
    this.props = props;
    this.recipients = recipients;
    this.attachments = attachments;
  }

  /** A new message in {@code folder}, with a fresh entry id; nothing is stored until a save. */
  static PersistentMessage create(MailboxSession session, FolderRecord folder) {
    Map<PropTag<?>, Object> defaults = new LinkedHashMap<>();
    defaults.put(PropTag.PR_MESSAGE_CLASS, "IPM.Note");
    return new PersistentMessage(
        session,
        folder,
        EntryIds.newMessageId(),
        Optional.empty(),
        0,
        defaults,
        new RecipientTable(List.of()),
        new AttachmentSet(List.of()));
  }

  /**
   * The stored message of {@code record}, with its recipient rows and attachment list, read on
   * {@code c}: the connection of the unit of work that found the record, so that opening a message
   * is one unit of work (in a shared datasource, one connection taken from the pool, never a second
   * while the first is out).
   */
  static PersistentMessage load(MailboxSession session, Connection c, MessageRecord record)
      throws SQLException {
    FolderRecord folder = session.mailboxRecord().folderById(record.folderId());
    List<RecipientRecord> rows = session.store().recipients().load(c, record.id());
    AttachmentSet attachments =
        new AttachmentSet(session.store().attachments().list(c, record.id()));
    return new PersistentMessage(
        session,
        folder,
        record.entryId(),
        Optional.of(SavedVersion.of(record)),
        record.messageFlags(),
        new LinkedHashMap<>(record.props()),
        new RecipientTable(rows),
        attachments);
  }

  /** Writes the message, its recipient rows and pending attachments in one unit of work. */
  void save() {
    long now = MessageStore.micros(session.store().clock().instant());
    List<RecipientRecord> rows = recipients.records();
    MessageRecord record = nextRecord(props, flags, rows, now);
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
    long mailboxId = session.mailboxRecord().id();
    Map<PropTag<?>, Object> stored = StoredProps.of(bag, rows, attachments);
    if (saved.isEmpty()) {
      return new MessageRecord(
          MessageRecord.NOT_INSERTED,
          mailboxId,
          folder.id(),
          entryId,
          messageFlags,
          1,
          nowUs,
          nowUs,
          stored);
    }
    SavedVersion s = saved.get();
    return new MessageRecord(
        s.id(),
        mailboxId,
        folder.id(),
        entryId,
        messageFlags,
        s.version() + 1,
        s.createdUs(),
        nowUs,
        stored);
  }

  /**
   * Writes message row, recipient rows and pending attachments on {@code c}; returns the row id. An
   * update that finds another version fails with MAPI_E_OBJECT_CHANGED instead of overwriting.
   */
  long write(Connection c, MessageRecord record, List<RecipientRecord> rows, boolean rowsChanged)
      throws SQLException {
    MessageStore store = session.store();
    long rowId;
    if (saved.isEmpty()) {
      rowId = store.messages().insert(c, record);
      store.recipients().insertAll(c, rowId, rows);
    } else {
      SavedVersion s = saved.get();
      if (!store.messages().update(c, record, s.version())) {
        throw new MapiException(
            MapiError.MAPI_E_OBJECT_CHANGED,
            "message "
                + EntryId.of(entryId)
                + " was changed or deleted by someone else since it was opened; open it again");
      }
      rowId = s.id();
      if (rowsChanged) {
        store.recipients().replaceAll(c, rowId, rows);
      }
    }
    attachments.flush(store, c, rowId);
    return rowId;
  }

  /** After a successful write: this object now shows what is stored. */
  void adopt(MessageRecord record, long id, List<RecipientRecord> rows) {
    saved =
        Optional.of(
            new SavedVersion(id, record.version(), record.createdUs(), record.modifiedUs()));
    flags = record.messageFlags();
    dirty = false;
    props.clear();
    props.putAll(record.props());
    recipients.replaceWith(rows);
    attachments.markSaved();
  }

  /**
   * Sets or clears MSGFLAG_READ. A stored message gets it written at once, not with the next save
   * (MAPI SetReadFlag); a submitted one keeps its read flag.
   */
  void setReadFlag(boolean read) {
    if ((flags & MessageFlags.MSGFLAG_SUBMIT) != 0) {
      return; // a submitted message keeps its read flag (MAPI SetReadFlag)
    }
    if (saved.isPresent()) {
      long id = saved.get().id();
      boolean changed =
          UnitOfWork.run(
              session.connection(),
              "setting the read flag",
              c ->
                  session
                      .store()
                      .messages()
                      .updateReadFlag(c, id, read, MessageFlags.MSGFLAG_SUBMIT));
      if (!changed) {
        return; // submitted meanwhile, or deleted: the stored flag is left as it is
      }
    }
    flags = read ? flags | MessageFlags.MSGFLAG_READ : flags & ~MessageFlags.MSGFLAG_READ;
  }

  void put(PropTag<?> tag, Object value) {
    props.put(tag, value);
    dirty = true;
  }

  void remove(PropTag<?> tag) {
    props.remove(tag);
    dirty = true;
  }

  void setFlags(int messageFlags) {
    flags = messageFlags;
    dirty = true;
  }

  boolean hasPendingChanges() {
    return dirty || recipients.dirty() || attachments.hasPending() || saved.isEmpty();
  }

  boolean isSaved() {
    return saved.isPresent();
  }

  /**
   * The message's row id in the store; for a message never saved {@link
   * MessageRecord#NOT_INSERTED}, which matches no row.
   */
  long rowId() {
    return saved.isPresent() ? saved.get().id() : MessageRecord.NOT_INSERTED;
  }

  /** PR_CREATION_TIME: none before the first save. */
  Instant creationTime() {
    return saved.isPresent() ? MessageStore.instant(saved.get().createdUs()) : null;
  }

  /** PR_LAST_MODIFICATION_TIME: none before the first save. */
  Instant lastModificationTime() {
    return saved.isPresent() ? MessageStore.instant(saved.get().modifiedUs()) : null;
  }

  /** PR_MESSAGE_FLAGS as a client reads it: MSGFLAG_HASATTACH follows the attachments. */
  int shownFlags() {
    return flags | (attachments.isEmpty() ? 0 : MessageFlags.MSGFLAG_HASATTACH);
  }

  boolean hasAttachments() {
    return !attachments.isEmpty();
  }

  List<Attachment> attachmentViews() {
    return attachments.views(session, rowId());
  }

  MailboxSession session() {
    return session;
  }

  FolderRecord folder() {
    return folder;
  }

  byte[] entryId() {
    return entryId;
  }

  /** The property bag itself, not a copy. */
  Map<PropTag<?>, Object> props() {
    return props;
  }

  int flags() {
    return flags;
  }

  RecipientTable recipients() {
    return recipients;
  }

  AttachmentSet attachments() {
    return attachments;
  }
}
