package org.msgstore.store.jdbc;

import java.util.Map;
import org.msgstore.PropTag;

/**
 * A message row: the columns SQL works with, plus the encoded bag of everything else.
 *
 * @param id {@link #NOT_INSERTED} for a message not yet inserted
 */
public record MessageRecord(
    long id,
    long mailboxId,
    long folderId,
    byte[] entryId,
    int messageFlags,
    int version,
    long createdUs,
    long modifiedUs,
    Map<PropTag<?>, Object> props) {

  /** The id of a record not yet inserted; {@link MessageRepository#insert} ignores it. */
  public static final long NOT_INSERTED = 0;

  /** This record as inserted under {@code newId}. */
  public MessageRecord withId(long newId) {
    return new MessageRecord(
        newId, mailboxId, folderId, entryId, messageFlags, version, createdUs, modifiedUs, props);
  }

  /** This record filed into {@code newFolderId} under {@code newEntryId} with {@code newFlags}. */
  public MessageRecord filed(long newFolderId, byte[] newEntryId, int newFlags) {
    return new MessageRecord(
        id, mailboxId, newFolderId, newEntryId, newFlags, version, createdUs, modifiedUs, props);
  }
}
