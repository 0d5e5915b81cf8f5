package org.msgstore.store;

import java.util.List;
import org.msgstore.EntryId;
import org.msgstore.Recipient;

/** The store's half of a coupled delivery: what a coupled transport may do inside submit(). */
interface CoupledDelivery {
  /**
   * The submitted message's recipients this transport was offered ({@code PR_RESPONSIBILITY}
   * FALSE).
   */
  List<Recipient> offered();

  /** Whether the mailbox exists; a coupled delivery never creates one. */
  boolean mailboxExists(String mailbox);

  /**
   * Puts a copy of the submitted message into {@code mailbox}'s Inbox, in the submit's transaction,
   * and marks recipient {@code rowId} as handled. The new-mail notification is raised after commit.
   * Several rows for one mailbox get one copy.
   */
  EntryId deliverToInbox(int rowId, String mailbox);
}
