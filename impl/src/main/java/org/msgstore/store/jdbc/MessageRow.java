package org.msgstore.store.jdbc;

/**
 * What a lookup by entry id reads of a message row without decoding its properties (which may be
 * damaged): its id, the mailbox or folder it is in, and its flags.
 *
 * @param place the mailbox id or the folder id, as the query that read it says
 */
public record MessageRow(long id, long place, int flags) {}
