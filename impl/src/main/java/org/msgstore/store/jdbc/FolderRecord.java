package org.msgstore.store.jdbc;

import org.msgstore.FolderKind;

/** A folder row. */
public record FolderRecord(
    long id, long mailboxId, byte[] entryId, FolderKind kind, String displayName) {}
