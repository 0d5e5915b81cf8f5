package org.msgstore.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.msgstore.EntryId;
import org.msgstore.FolderKind;
import org.msgstore.PropTag;
import org.msgstore.RecipientType;
import org.msgstore.inflow.NewMailEvent;
import org.msgstore.store.jdbc.FolderRecord;
import org.msgstore.store.jdbc.MailboxRecord;
import org.msgstore.store.jdbc.MessageRecord;
import org.msgstore.store.jdbc.RecipientRecord;

/**
 * A delivered copy of a message in a mailbox's Inbox: unread, not unsent, stamped with its delivery
 * time, without the sender's filing instructions, and without Bcc or envelope-only recipients.
 */
record InboxCopy(EntryId entryId, NewMailEvent event) {
  static InboxCopy make(
      MessageStore store,
      Connection c,
      MessageRecord source,
      List<RecipientRecord> rows,
      MailboxRecord target,
      long nowUs)
      throws SQLException {
    FolderRecord inbox = target.folder(FolderKind.INBOX);
    Map<PropTag<?>, Object> props = new LinkedHashMap<>(source.props());
    props.remove(PropTag.PR_SENTMAIL_ENTRYID);
    props.remove(PropTag.PR_DELETE_AFTER_SUBMIT);
    props.remove(PropTag.PR_PREPROCESS);
    props.remove(PropTag.PR_DISPLAY_BCC);
    props.put(PropTag.PR_MESSAGE_DELIVERY_TIME, MessageStore.instant(nowUs));
    byte[] entryId = EntryIds.newMessageId();
    MessageRecord copy =
        new MessageRecord(0, target.id(), inbox.id(), entryId, 0, 1, nowUs, nowUs, props);
    long id = store.messages().insert(c, copy);
    List<RecipientRecord> visible = new ArrayList<>();
    for (RecipientRecord r : rows) {
      int type = r.recipientType() & ~RecipientType.MAPI_SUBMITTED;
      if (type != RecipientType.BCC.value() && type != RecipientType.P1.value()) {
        visible.add(
            new RecipientRecord(
                visible.size(),
                type,
                r.displayName(),
                r.addrType(),
                r.emailAddress(),
                true,
                r.extra()));
      }
    }
    store.recipients().insertAll(c, id, visible);
    store.attachments().copyAll(c, source.id(), id);
    String messageClass = (String) props.getOrDefault(PropTag.PR_MESSAGE_CLASS, "IPM.Note");
    NewMailEvent event =
        new NewMailEvent(
            target.name(), EntryId.of(entryId), EntryId.of(inbox.entryId()), messageClass, 0);
    return new InboxCopy(EntryId.of(entryId), event);
  }
}
