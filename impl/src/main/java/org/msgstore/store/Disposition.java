package org.msgstore.store;

import java.sql.Connection;
import java.sql.SQLException;
import org.msgstore.EntryId;
import org.msgstore.MessageFlags;
import org.msgstore.PropTag;
import org.msgstore.store.jdbc.FolderRecord;
import org.msgstore.store.jdbc.MailboxRecord;
import org.msgstore.store.jdbc.MessageRecord;

/**
 * What happens to the sender's copy once every recipient is dealt with (spec C9, R69, R71): filed
 * into {@code PR_SENTMAIL_ENTRYID}'s folder, deleted for {@code PR_DELETE_AFTER_SUBMIT}, or left
 * where it was; in each case no longer submitted nor unsent, and read.
 */
final class Disposition {
  private Disposition() {}

  /** Applies the disposition; returns the message's entry id afterwards, or null when deleted. */
  static EntryId apply(
      MessageStore store, Connection c, MailboxRecord mailbox, MessageRecord m, long nowUs)
      throws SQLException {
    int flags =
        (m.messageFlags() & ~(MessageFlags.MSGFLAG_SUBMIT | MessageFlags.MSGFLAG_UNSENT))
            | MessageFlags.MSGFLAG_READ;
    if (Boolean.TRUE.equals(m.props().get(PropTag.PR_DELETE_AFTER_SUBMIT))) {
      // Filing first and deleting after is the same end state in one transaction: gone.
      store.messages().delete(c, m.id());
      return null;
    }
    Object sentmail = m.props().get(PropTag.PR_SENTMAIL_ENTRYID);
    FolderRecord target = sentmail instanceof byte[] id ? mailbox.folder(id) : null;
    if (target != null && target.id() != m.folderId()) {
      byte[] newId = EntryIds.newMessageId(); // entry ids change on a move (spec Q10)
      store.messages().move(c, m.id(), target.id(), newId, flags, nowUs);
      return EntryId.of(newId);
    }
    store.messages().updateFlags(c, m.id(), flags);
    return EntryId.of(m.entryId());
  }
}
