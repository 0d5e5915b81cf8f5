package org.msgstore.store.jdbc;

import java.util.Map;
import org.msgstore.PropTag;

/** A queue row joined with what the outgoing-queue table shows of its message. */
public record QueueRow(
    QueueEntry entry, byte[] entryId, int messageFlags, Map<PropTag<?>, Object> props) {}
