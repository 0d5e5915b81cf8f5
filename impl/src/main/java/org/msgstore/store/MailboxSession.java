package org.msgstore.store;

import org.msgstore.EntryId;
import org.msgstore.Folder;
import org.msgstore.FolderKind;
import org.msgstore.MapiError;
import org.msgstore.MapiException;
import org.msgstore.Message;
import org.msgstore.OpenFlag;
import org.msgstore.PropTag;
import org.msgstore.StoreSupport;
import org.msgstore.store.jdbc.FolderRecord;
import org.msgstore.store.jdbc.MailboxRecord;
import org.msgstore.store.jdbc.MessageRecord;

/** The store seen from one mailbox, over one connection: what a client handle delegates to. */
public final class MailboxSession {
  /** What this store can do ({@code PR_STORE_SUPPORT_MASK}); grows as features land. */
  static final int SUPPORT_MASK =
      StoreSupport.STORE_ENTRYID_UNIQUE
          | StoreSupport.STORE_MODIFY_OK
          | StoreSupport.STORE_CREATE_OK
          | StoreSupport.STORE_ATTACH_OK
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
      throw new MapiException(MapiError.MAPI_E_NOT_FOUND, "mailbox '" + mailbox.name() + "' has no folder " + folderId);
    }
    return new StoreFolder(this, folder);
  }

  /**
   * Opens a message of this mailbox. Read-only unless {@link OpenFlag#MAPI_MODIFY} or {@link
   * OpenFlag#MAPI_BEST_ACCESS} asks for writing.
   */
  public Message openEntry(EntryId entryId, OpenFlag... flags) {
    byte[] id = EntryIds.messageBytes(entryId);
    boolean modify = false;
    for (OpenFlag f : flags == null ? new OpenFlag[0] : flags) {
      if (f == null) {
        throw new MapiException(MapiError.MAPI_E_INVALID_PARAMETER, "an open flag is null");
      }
      modify |= f == OpenFlag.MAPI_MODIFY || f == OpenFlag.MAPI_BEST_ACCESS;
    }
    MessageRecord record =
        UnitOfWork.read(connection, "opening message " + entryId, c -> store.messages().find(c, mailbox.id(), id));
    if (record == null) {
      // The same answer for an id of another mailbox as for one that does not exist: no data leaks.
      throw new MapiException(MapiError.MAPI_E_NOT_FOUND, "mailbox '" + mailbox.name() + "' has no message " + entryId);
    }
    return StoreMessage.open(this, record, !modify);
  }

  public void abortSubmit(EntryId entryId, int flags) {
    throw new MapiException(MapiError.MAPI_E_NO_SUPPORT, "abortSubmit arrives with the submit path; nothing is ever queued yet");
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
