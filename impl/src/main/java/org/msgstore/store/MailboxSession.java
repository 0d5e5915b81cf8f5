package org.msgstore.store;

import org.msgstore.EntryId;
import org.msgstore.Folder;
import org.msgstore.FolderKind;
import org.msgstore.MapiError;
import org.msgstore.MapiException;
import org.msgstore.Message;
import org.msgstore.OpenFlag;
import org.msgstore.PropTag;

/** The store seen from one mailbox, over one connection: what a client handle delegates to. */
public final class MailboxSession {
  private MailboxSession() {}

  public String mailbox() {
    throw new MapiException(MapiError.MAPI_E_NO_SUPPORT, "store not implemented yet");
  }

  public Folder openFolder(FolderKind kind) {
    throw new MapiException(MapiError.MAPI_E_NO_SUPPORT, "store not implemented yet");
  }

  public Folder openFolder(EntryId folderId) {
    throw new MapiException(MapiError.MAPI_E_NO_SUPPORT, "store not implemented yet");
  }

  public Message openEntry(EntryId entryId, OpenFlag... flags) {
    throw new MapiException(MapiError.MAPI_E_NO_SUPPORT, "store not implemented yet");
  }

  public void abortSubmit(EntryId entryId, int flags) {
    throw new MapiException(MapiError.MAPI_E_NO_SUPPORT, "store not implemented yet");
  }

  public <T> T getStoreProperty(PropTag<T> tag) {
    throw new MapiException(MapiError.MAPI_E_NO_SUPPORT, "store not implemented yet");
  }
}
