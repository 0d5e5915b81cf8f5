package org.msgstore.spi;

import org.msgstore.RecipientType;

/** A recipient the spooler offers to a transport: one whose {@code PR_RESPONSIBILITY} is FALSE. */
public record OutboundRecipient(
    int rowId, RecipientType type, String displayName, String addressType, String address) {}
