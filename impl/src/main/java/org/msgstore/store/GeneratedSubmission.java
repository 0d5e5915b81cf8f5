package org.msgstore.store;

import java.util.List;
import java.util.Map;
import org.msgstore.EntryId;
import org.msgstore.FolderKind;
import org.msgstore.MapiError;
import org.msgstore.MapiException;
import org.msgstore.PropTag;
import org.msgstore.spi.Preprocessor;
import org.msgstore.store.jdbc.MailboxRecord;

/**
 * The submit of a message a preprocessor generated (R49): created in the Outbox of the original's
 * mailbox and submitted by the spooler itself, through the client's submit path (its properties and
 * recipients are checked as a client's would be), but never preprocessed again.
 */
final class GeneratedSubmission {
  private final MessageStore store;
  private final StoreConnection connection;

  GeneratedSubmission(MessageStore store, StoreConnection connection) {
    this.store = store;
    this.connection = connection;
  }

  EntryId submit(
      EntryId original,
      Map<PropTag<?>, Object> properties,
      List<Preprocessor.NewRecipient> recipients) {
    MailboxRecord box =
        UnitOfWork.read(
            connection,
            "finding the mailbox of " + original,
            c -> {
              QueuedMessage m = QueuedMessage.find(store, c, original);
              if (m == null) {
                throw new MapiException(
                    MapiError.MAPI_E_NOT_FOUND, "no message " + original + " in the store");
              }
              return store.mailboxById(c, m.mailboxId());
            });
    MailboxSession session = new MailboxSession(store, connection, box);
    StoreMessage m = StoreMessage.create(session, box.folder(FolderKind.OUTBOX));
    properties.forEach(m::setUnchecked);
    for (Preprocessor.NewRecipient r : recipients) {
      m.addRecipient(r.type(), r.displayName(), r.addressType(), r.address());
    }
    EntryId id = m.entryId();
    Submission.submit(m, 0, false);
    return id;
  }
}
