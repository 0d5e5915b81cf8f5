package org.msgstore;

/**
 * A connection to one mailbox of the message store, obtained from {@link
 * MessageStoreConnectionFactory} and closed after use (try-with-resources). Its work joins the
 * caller's JTA transaction; outside a transaction every call commits on its own.
 */
public interface MessageStoreConnection extends AutoCloseable {
  /** The mailbox this connection belongs to; it sees no other mailbox's data. */
  String mailbox();

  Folder openFolder(FolderKind kind);

  Folder openFolder(EntryId folderId);

  /**
   * Opens a message of this mailbox. With no flag it opens read-only; with {@link
   * OpenFlag#MAPI_MODIFY} a queued message fails with {@code MAPI_E_SUBMITTED}; with {@link
   * OpenFlag#MAPI_BEST_ACCESS} a queued message opens read-only. A message the spooler has locked
   * fails with {@code MAPI_E_NO_ACCESS}. An id of another mailbox fails with {@code
   * MAPI_E_NOT_FOUND}.
   */
  Message openEntry(EntryId entryId, OpenFlag... flags);

  /** Takes a queued message out of the outgoing queue; same as {@code abortSubmit(entryId, 0)}. */
  void abortSubmit(EntryId entryId);

  /** {@code flags} is reserved and must be 0 ({@code MAPI_E_UNKNOWN_FLAGS} otherwise). */
  void abortSubmit(EntryId entryId, int flags);

  /** A store property such as {@code PR_STORE_SUPPORT_MASK} or {@code PR_IPM_SENTMAIL_ENTRYID}. */
  <T> T getStoreProperty(PropTag<T> tag);

  /** Closes the handle; further calls fail. Closing twice does nothing. */
  @Override
  void close();
}
