package org.msgstore.inflow;

import java.io.Serializable;
import org.msgstore.EntryId;

/** The {@code fnevNewMail} notification: the new message, its folder, class and flags. */
public record NewMailEvent(
    String mailbox, EntryId entryId, EntryId parentId, String messageClass, int messageFlags)
    implements Serializable {}
