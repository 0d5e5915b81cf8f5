package org.msgstore.store.jdbc;

import java.util.EnumMap;
import java.util.Map;
import org.msgstore.FolderKind;

/**
 * A mailbox with its folders. Mailboxes and folders never change once created, so this is cached.
 */
public record MailboxRecord(long id, String name, Map<FolderKind, FolderRecord> folders) {
  public MailboxRecord {
    folders = Map.copyOf(new EnumMap<>(folders));
  }

  public FolderRecord folder(FolderKind kind) {
    return folders.get(kind);
  }

  /** The folder of this mailbox with that entry id, or null. */
  public FolderRecord folder(byte[] entryId) {
    for (FolderRecord f : folders.values()) {
      if (java.util.Arrays.equals(f.entryId(), entryId)) {
        return f;
      }
    }
    return null;
  }

  public FolderRecord folderById(long folderId) {
    for (FolderRecord f : folders.values()) {
      if (f.id() == folderId) {
        return f;
      }
    }
    return null;
  }
}
