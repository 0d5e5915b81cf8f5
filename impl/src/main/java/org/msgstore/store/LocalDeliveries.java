package org.msgstore.store;

import java.util.List;
import org.msgstore.EntryId;
import org.msgstore.MapiError;
import org.msgstore.MapiException;
import org.msgstore.inflow.NewMailEvent;
import org.msgstore.spi.LocalMailboxes;
import org.msgstore.spi.OutboundMessage;
import org.msgstore.store.jdbc.MailboxRecord;
import org.msgstore.store.jdbc.MessageRecord;
import org.msgstore.store.jdbc.RecipientRecord;

/** The store's mailboxes as a delivering transport sees them, over the spooler's connection. */
public final class LocalDeliveries implements LocalMailboxes {
  private final MessageStore store;
  private final StoreConnection connection;

  public LocalDeliveries(MessageStore store, StoreConnection connection) {
    this.store = store;
    this.connection = connection;
  }

  @Override
  public boolean exists(String mailbox) {
    return UnitOfWork.read(
        connection,
        "looking up mailbox '" + mailbox + "'",
        c -> store.existingMailbox(c, mailbox) != null);
  }

  @Override
  public EntryId deliverToInbox(OutboundMessage message, String mailbox) {
    long now = MessageStore.micros(store.clock().instant());
    InboxCopy copy =
        UnitOfWork.run(
            connection,
            "delivering " + message.entryId() + " to the Inbox of '" + mailbox + "'",
            c -> {
              MailboxRecord target = store.existingMailbox(c, mailbox);
              if (target == null) {
                throw new MapiException(
                    MapiError.MAPI_E_NOT_FOUND,
                    "there is no mailbox '" + mailbox + "' to deliver to");
              }
              MessageRecord source =
                  store.messages().findAnyMailbox(c, EntryIds.messageBytes(message.entryId()));
              if (source == null) {
                throw new MapiException(
                    MapiError.MAPI_E_NOT_FOUND,
                    "message " + message.entryId() + " is gone from the store");
              }
              List<RecipientRecord> rows = store.recipients().load(c, source.id());
              return InboxCopy.make(store, c, source, rows, target, now);
            });
    NewMailEvent event = copy.event();
    UnitOfWork.afterCommit(connection, () -> store.events().newMail(event));
    return copy.entryId();
  }
}
