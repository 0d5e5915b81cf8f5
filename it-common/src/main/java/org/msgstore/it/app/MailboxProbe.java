package org.msgstore.it.app;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.msgstore.EntryId;
import org.msgstore.FolderKind;
import org.msgstore.MapiError;
import org.msgstore.MapiException;
import org.msgstore.Message;
import org.msgstore.MessageStoreConnection;
import org.msgstore.MessageStoreConnectionFactory;
import org.msgstore.PropTag;
import org.msgstore.Row;

/**
 * Reads any mailbox's folders as another client would: each call is a new transaction on a fresh
 * connection, so it sees only what is committed (what the spooler has done so far).
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class MailboxProbe {
  @Resource(name = ResourceRefs.MSGSTORE)
  private MessageStoreConnectionFactory factory;

  /**
   * A message as the tests check it. {@code lockedBySpooler}: the spooler holds it while sending,
   * so it cannot be opened (MAPI_E_NO_ACCESS, README "The outgoing queue") and only the
   * contents-table columns are known; such a message is still queued.
   */
  public record Found(
      EntryId entryId,
      String subject,
      String messageClass,
      int flags,
      byte[] sentMailEntryId,
      boolean lockedBySpooler)
      implements Serializable {}

  /** Creates {@code mailbox} (with its folders) if it does not exist yet; returns its Inbox id. */
  public EntryId ensureMailbox(String mailbox) {
    try (MessageStoreConnection store = factory.getConnection(mailbox)) {
      return store.openFolder(FolderKind.INBOX).entryId();
    }
  }

  public EntryId folderId(String mailbox, FolderKind kind) {
    try (MessageStoreConnection store = factory.getConnection(mailbox)) {
      return store.openFolder(kind).entryId();
    }
  }

  /** The store's PR_IPM_SENTMAIL_ENTRYID for {@code mailbox}. */
  public byte[] sentMailFolderProperty(String mailbox) {
    try (MessageStoreConnection store = factory.getConnection(mailbox)) {
      return store.getStoreProperty(PropTag.PR_IPM_SENTMAIL_ENTRYID);
    }
  }

  /** The messages of {@code mailbox}'s {@code kind} folder whose subject contains {@code text}. */
  public List<Found> find(String mailbox, FolderKind kind, String text) {
    List<Found> found = new ArrayList<>();
    try (MessageStoreConnection store = factory.getConnection(mailbox)) {
      for (Row row : store.openFolder(kind).getContentsTable()) {
        String subject = row.get(PropTag.PR_SUBJECT);
        if (subject != null && subject.contains(text)) {
          try (Message m = store.openEntry(row.entryId())) {
            Integer flags = m.get(PropTag.PR_MESSAGE_FLAGS);
            byte[] sent = m.get(PropTag.PR_SENTMAIL_ENTRYID);
            found.add(
                new Found(
                    row.entryId(),
                    subject,
                    m.get(PropTag.PR_MESSAGE_CLASS),
                    flags == null ? 0 : flags,
                    sent == null ? null : Arrays.copyOf(sent, sent.length),
                    false));
          } catch (MapiException e) {
            if (e.error() != MapiError.MAPI_E_NO_ACCESS) {
              throw e;
            }
            found.add(
                new Found(
                    row.entryId(), subject, row.get(PropTag.PR_MESSAGE_CLASS), 0, null, true));
          }
        }
      }
    }
    return found;
  }
}
