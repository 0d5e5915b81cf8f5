package org.msgstore.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.msgstore.EntryId;
import org.msgstore.MapiError;
import org.msgstore.MapiException;
import org.msgstore.Recipient;
import org.msgstore.inflow.NewMailEvent;
import org.msgstore.store.jdbc.MessageRecord;
import org.msgstore.store.jdbc.RecipientRecord;

/** A coupled delivery inside one submit: copies into Inboxes on the submit's connection. */
final class InboxDelivery implements CoupledDelivery {
  private final MessageStore store;
  private final Connection c;
  private final MessageRecord source;
  private final List<RecipientRecord> allRows;
  private final Map<Integer, RecipientRecord> offered = new LinkedHashMap<>();
  private final long nowUs;
  private final Set<Integer> delivered = new HashSet<>();
  private final Map<String, EntryId> copies = new HashMap<>();
  private final List<NewMailEvent> newMail = new ArrayList<>();

  InboxDelivery(
      MessageStore store,
      Connection c,
      MessageRecord source,
      List<RecipientRecord> allRows,
      List<RecipientRecord> offered,
      long nowUs) {
    this.store = store;
    this.c = c;
    this.source = source;
    this.allRows = allRows;
    offered.forEach(r -> this.offered.put(r.rowId(), r));
    this.nowUs = nowUs;
  }

  @Override
  public List<Recipient> offered() {
    List<Recipient> list = new ArrayList<>();
    offered.values().forEach(r -> list.add(RecipientTable.view(r)));
    return list;
  }

  @Override
  public boolean mailboxExists(String mailbox) {
    try {
      return store.existingMailbox(c, mailbox) != null;
    } catch (SQLException e) {
      throw UnitOfWork.translate(e, "looking up mailbox '" + mailbox + "'");
    }
  }

  @Override
  public EntryId deliverToInbox(int rowId, String mailbox) {
    if (!offered.containsKey(rowId)) {
      throw new MapiException(
          MapiError.MAPI_E_INVALID_PARAMETER,
          "recipient row " + rowId + " was not offered to this transport");
    }
    EntryId copy = copies.get(mailbox);
    if (copy == null) {
      try {
        org.msgstore.store.jdbc.MailboxRecord target = store.existingMailbox(c, mailbox);
        if (target == null) {
          throw new MapiException(
              MapiError.MAPI_E_NOT_FOUND, "there is no mailbox '" + mailbox + "' to deliver to");
        }
        InboxCopy made = InboxCopy.make(store, c, source, allRows, target, nowUs);
        copy = made.entryId();
        newMail.add(made.event());
      } catch (SQLException e) {
        throw UnitOfWork.translate(e, "delivering to the Inbox of '" + mailbox + "'");
      }
      copies.put(mailbox, copy);
    }
    delivered.add(rowId);
    return copy;
  }

  Set<Integer> delivered() {
    return delivered;
  }

  List<NewMailEvent> newMail() {
    return newMail;
  }
}
