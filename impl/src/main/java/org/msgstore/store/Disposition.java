package org.msgstore.store;

import java.sql.Connection;
import java.sql.SQLException;
import org.msgstore.EntryId;
import org.msgstore.MapiError;
import org.msgstore.MapiException;
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
    if (deletes(m)) {
      // Filing first and deleting after is the same end state in one transaction: gone.
      store.messages().delete(c, m.id());
      return null;
    }
    int flags = finalFlags(m);
    FolderRecord target = sentItems(mailbox, m);
    if (target != null) {
      byte[] newId = EntryIds.newMessageId(); // entry ids change on a move (spec Q10)
      store.messages().move(c, m.id(), target.id(), newId, flags, nowUs);
      return EntryId.of(newId);
    }
    store.messages().updateFlags(c, m.id(), flags);
    return EntryId.of(m.entryId());
  }

  /**
   * Saves {@code m} (the message as its finish leaves it, stored at {@code expectedVersion}) and
   * applies the disposition in one write of its row: the end state is what saving it and then
   * {@link #apply} would leave.
   *
   * @throws MapiException MAPI_E_OBJECT_CHANGED when the row is no longer at {@code
   *     expectedVersion}
   */
  static void saveAndApply(
      MessageStore store, Connection c, MailboxRecord mailbox, MessageRecord m, int expectedVersion)
      throws SQLException {
    if (deletes(m)) {
      store.messages().delete(c, m.id());
      return;
    }
    FolderRecord target = sentItems(mailbox, m);
    MessageRecord end =
        target == null
            ? m.filed(m.folderId(), m.entryId(), finalFlags(m))
            : m.filed(target.id(), EntryIds.newMessageId(), finalFlags(m));
    if (!store.messages().updateAll(c, end, expectedVersion)) {
      throw new MapiException(
          MapiError.MAPI_E_OBJECT_CHANGED,
          "message " + EntryId.of(m.entryId()) + " was changed while the spooler held it");
    }
  }

  private static boolean deletes(MessageRecord m) {
    return Boolean.TRUE.equals(m.props().get(PropTag.PR_DELETE_AFTER_SUBMIT));
  }

  private static int finalFlags(MessageRecord m) {
    return (m.messageFlags() & ~(MessageFlags.MSGFLAG_SUBMIT | MessageFlags.MSGFLAG_UNSENT))
        | MessageFlags.MSGFLAG_READ;
  }

  /** The Sent Items folder the message is filed into, or null when it stays where it is. */
  private static FolderRecord sentItems(MailboxRecord mailbox, MessageRecord m) {
    Object sentmail = m.props().get(PropTag.PR_SENTMAIL_ENTRYID);
    FolderRecord target = sentmail instanceof byte[] id ? mailbox.folder(id) : null;
    return target != null && target.id() != m.folderId() ? target : null;
  }
}
