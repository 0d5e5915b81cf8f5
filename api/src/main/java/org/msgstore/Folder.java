package org.msgstore;

import java.util.Collection;
import java.util.List;

/** A folder of a mailbox: Inbox, Outbox, Sent Items, Deleted Items or Drafts. */
public interface Folder extends PropertyView {
  EntryId entryId();

  FolderKind kind();

  String displayName();

  /**
   * A new, unsaved message in this folder; it exists in the store after {@link
   * Message#saveChanges()}.
   */
  Message createMessage();

  /**
   * The contents table: one row per message, oldest first, with {@code PR_ENTRYID}, {@code
   * PR_SUBJECT}, {@code PR_MESSAGE_CLASS}, {@code PR_MESSAGE_FLAGS}, {@code PR_MESSAGE_SIZE},
   * {@code PR_CLIENT_SUBMIT_TIME}, {@code PR_MESSAGE_DELIVERY_TIME}, {@code
   * PR_LAST_MODIFICATION_TIME} and {@code PR_DISPLAY_TO} where the message has them.
   */
  List<Row> getContentsTable();

  /**
   * Deletes the given messages of this folder. Submitted messages are skipped (MAPI never deletes a
   * message in the outgoing queue) and reported in the result.
   */
  DeleteResult deleteMessages(Collection<EntryId> messages);

  /** Deletes every message of this folder except submitted ones, which stay queued. */
  DeleteResult emptyFolder();
}
