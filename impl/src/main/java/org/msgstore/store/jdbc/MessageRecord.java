package org.msgstore.store.jdbc;

import java.util.Map;
import org.msgstore.PropTag;

/**
 * A message row: the columns SQL works with, plus the encoded bag of everything else.
 *
 * @param id 0 for a message not yet inserted
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
    Map<PropTag<?>, Object> props) {}
