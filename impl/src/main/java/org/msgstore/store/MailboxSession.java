package org.msgstore.store;

import java.util.List;
import org.msgstore.EntryId;
import org.msgstore.Folder;
import org.msgstore.FolderKind;
import org.msgstore.MapiError;
import org.msgstore.MapiException;
import org.msgstore.Message;
import org.msgstore.MessageFlags;
import org.msgstore.OpenFlag;
import org.msgstore.PropTag;
import org.msgstore.Row;
import org.msgstore.StoreSupport;
import org.msgstore.inflow.NewMailEvent;
import org.msgstore.store.jdbc.FolderRecord;
import org.msgstore.store.jdbc.MailboxRecord;
import org.msgstore.store.jdbc.MessageRecord;
import org.msgstore.store.jdbc.QueueEntry;

/** The store seen from one mailbox, over one connection: what a client handle delegates to. */
public final class MailboxSession {
  /** What this store can do ({@code PR_STORE_SUPPORT_MASK}); grows as features land. */
  static final int SUPPORT_MASK =
      StoreSupport.STORE_ENTRYID_UNIQUE
          | StoreSupport.STORE_MODIFY_OK
          | StoreSupport.STORE_CREATE_OK
          | StoreSupport.STORE_ATTACH_OK
          | StoreSupport.STORE_SUBMIT_OK
          | StoreSupport.STORE_HTML_OK
          | StoreSupport.STORE_UNICODE_OK;

  private final MessageStore store;
  private final StoreConnection connection;
  private final MailboxRecord mailbox;

  MailboxSession(MessageStore store, StoreConnection connection, MailboxRecord mailbox) {
    this.store = store;
    this.connection = connection;
    this.mailbox = mailbox;
  }

  public String mailbox() {
    return mailbox.name();
  }

  public Folder openFolder(FolderKind kind) {
    if (kind == null) {
      throw new MapiException(MapiError.MAPI_E_INVALID_PARAMETER, "the folder kind is null");
    }
    return new StoreFolder(this, mailbox.folder(kind));
  }

  public Folder openFolder(EntryId folderId) {
    FolderRecord folder = mailbox.folder(EntryIds.folderBytes(folderId));
    if (folder == null) {
      throw new MapiException(
          MapiError.MAPI_E_NOT_FOUND, "mailbox '" + mailbox.name() + "' has no folder " + folderId);
    }
    return new StoreFolder(this, folder);
  }

  /**
   * Opens a message of this mailbox. Read-only unless {@link OpenFlag#MAPI_MODIFY} or {@link
   * OpenFlag#MAPI_BEST_ACCESS} asks for writing. A message the spooler has locked cannot be opened
   * at all (R28); a submitted one opens read-only with best access and not at all for modify
   * (R35–R37).
   */
  public Message openEntry(EntryId entryId, OpenFlag... flags) {
    byte[] id = EntryIds.messageBytes(entryId);
    boolean modify = false;
    boolean best = false;
    for (OpenFlag f : flags == null ? new OpenFlag[0] : flags) {
      if (f == null) {
        throw new MapiException(MapiError.MAPI_E_INVALID_PARAMETER, "an open flag is null");
      }
      modify |= f == OpenFlag.MAPI_MODIFY;
      best |= f == OpenFlag.MAPI_BEST_ACCESS;
    }
    boolean wantsModify = modify;
    boolean wantsBest = best;
    long now = MessageStore.micros(store.clock().instant());
    return UnitOfWork.read(
        connection,
        "opening message " + entryId,
        c -> {
          MessageRecord record = store.messages().find(c, mailbox.id(), id);
          if (record == null) {
            // The same answer for an id of another mailbox as for one that does not exist: no data
            // leaks.
            throw new MapiException(
                MapiError.MAPI_E_NOT_FOUND,
                "mailbox '" + mailbox.name() + "' has no message " + entryId);
          }
          QueueEntry queued = store.queue().find(c, record.id());
          if (queued != null && queued.lockedAt(now)) {
            throw new MapiException(
                MapiError.MAPI_E_NO_ACCESS,
                "message "
                    + entryId
                    + " is locked by the spooler while it is being sent; try again later");
          }
          boolean submitted = (record.messageFlags() & MessageFlags.MSGFLAG_SUBMIT) != 0;
          if (submitted && wantsModify) {
            throw new MapiException(
                MapiError.MAPI_E_SUBMITTED,
                "message "
                    + entryId
                    + " is submitted and cannot be changed; abortSubmit it first, or open it with MAPI_BEST_ACCESS to read it");
          }
          boolean readOnly = submitted || !(wantsModify || wantsBest);
          return StoreMessage.open(
              this,
              c,
              record,
              readOnly,
              queued == null ? 0 : SpoolerSession.submitFlags(queued, now));
        });
  }

  /**
   * {@code AbortSubmit} (R41–R43): takes a queued, unlocked message out of the queue and back to a
   * draft (MSGFLAG_SUBMIT cleared, MSGFLAG_UNSENT set).
   */
  public void abortSubmit(EntryId entryId) {
    abortSubmit(entryId, 0);
  }

  public void abortSubmit(EntryId entryId, int flags) {
    SpoolerSession.reserved("abortSubmit", flags);
    byte[] id = EntryIds.messageBytes(entryId);
    long now = MessageStore.micros(store.clock().instant());
    UnitOfWork.run(
        connection,
        "aborting the submission of " + entryId,
        c -> {
          MessageRecord record = store.messages().find(c, mailbox.id(), id);
          QueueEntry queued = record == null ? null : store.queue().find(c, record.id());
          if (queued == null) {
            throw new MapiException(
                MapiError.MAPI_E_NOT_IN_QUEUE,
                "message "
                    + entryId
                    + " is not in the outgoing queue (already sent, aborted, or never submitted)");
          }
          if (queued.lockedAt(now) || !store.queue().deleteUnlocked(c, record.id(), now)) {
            throw new MapiException(
                MapiError.MAPI_E_UNABLE_TO_ABORT,
                "message "
                    + entryId
                    + " is locked by the spooler and is being sent; it can no longer be aborted");
          }
          int draftFlags =
              (record.messageFlags() & ~MessageFlags.MSGFLAG_SUBMIT) | MessageFlags.MSGFLAG_UNSENT;
          store.messages().updateFlags(c, record.id(), draftFlags);
          return null;
        });
    UnitOfWork.afterCommit(
        connection,
        () ->
            store
                .events()
                .queueChanged(
                    new QueueEvent(QueueEvent.Kind.TABLE_ROW_DELETED, entryId, mailbox.name())));
  }

  /** Spooler-only (R23): a client session gets MAPI_E_NO_SUPPORT. */
  public List<Row> getOutgoingQueue(int flags) {
    throw spoolerOnly("getOutgoingQueue");
  }

  /** Spooler-only (R23): a client session gets MAPI_E_NO_SUPPORT. */
  public void setLockState(Message message, int lockState) {
    throw spoolerOnly("setLockState");
  }

  /** Spooler-only (R23): a client session gets MAPI_E_NO_SUPPORT. */
  public void finishedMsg(int flags, EntryId entryId) {
    throw spoolerOnly("finishedMsg");
  }

  /** Spooler-only (R23): a client session gets MAPI_E_NO_SUPPORT. */
  public void notifyNewMail(NewMailEvent event) {
    throw spoolerOnly("notifyNewMail");
  }

  private static MapiException spoolerOnly(String method) {
    return new MapiException(
        MapiError.MAPI_E_NO_SUPPORT, method + " is for the spooler's session only, not a client's");
  }

  public <T> T getStoreProperty(PropTag<T> tag) {
    Object value;
    if (tag.equals(PropTag.PR_STORE_SUPPORT_MASK)) {
      value = SUPPORT_MASK;
    } else if (tag.equals(PropTag.PR_IPM_OUTBOX_ENTRYID)) {
      value = mailbox.folder(FolderKind.OUTBOX).entryId().clone();
    } else if (tag.equals(PropTag.PR_IPM_SENTMAIL_ENTRYID)) {
      value = mailbox.folder(FolderKind.SENT_ITEMS).entryId().clone();
    } else if (tag.equals(PropTag.PR_IPM_WASTEBASKET_ENTRYID)) {
      value = mailbox.folder(FolderKind.DELETED_ITEMS).entryId().clone();
    } else if (tag.equals(PropTag.PR_DISPLAY_NAME)) {
      value = mailbox.name();
    } else {
      value = null;
    }
    return value == null ? null : tag.javaType().cast(value);
  }

  /** Whether {@code folderEntryId} names a folder of this mailbox. */
  boolean ownsFolder(byte[] folderEntryId) {
    return mailbox.folder(folderEntryId) != null;
  }

  MessageStore store() {
    return store;
  }

  StoreConnection connection() {
    return connection;
  }

  MailboxRecord mailboxRecord() {
    return mailbox;
  }
}
