package org.msgstore.store;

import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.msgstore.EntryId;
import org.msgstore.MapiError;
import org.msgstore.MapiException;
import org.msgstore.MessageFlags;
import org.msgstore.PropTag;
import org.msgstore.SubmitFlags;
import org.msgstore.inflow.NewMailEvent;
import org.msgstore.store.jdbc.MessageRecord;
import org.msgstore.store.jdbc.RecipientRecord;

/**
 * {@code IMessage::SubmitMessage} (spec phase A): checks, PrepareSubmit, ExpandRecips, flags and
 * submit time, the coupled transport's share, and the queue row, all in one unit of work, so that
 * inside a JTA transaction everything commits or rolls back with the caller's other resources.
 *
 * <p>Everything that can be refused is checked before anything is written, so a refused submit
 * leaves the store and the message object as they were.
 */
final class Submission {
  private Submission() {}

  static void submit(StoreMessage m, int submitFlags) {
    submit(m, submitFlags, true);
  }

  /**
   * @param preprocess false for messages a preprocessor generated (R49): they are not preprocessed
   *     again, so a preprocessor cannot loop on its own output
   */
  static void submit(StoreMessage m, int submitFlags, boolean preprocess) {
    if ((submitFlags & ~SubmitFlags.FORCE_SUBMIT) != 0) {
      throw new MapiException(
          MapiError.MAPI_E_UNKNOWN_FLAGS,
          String.format("submit flags 0x%08X: only FORCE_SUBMIT (0x1) is defined", submitFlags));
    }
    PersistentMessage message = m.persistent();
    MailboxSession session = message.session();
    session.connection().checkTransactionCanCommit();
    MessageStore store = session.store();
    List<RecipientRecord> rows = message.recipients().records();
    if (rows.isEmpty()) {
      throw new MapiException(
          MapiError.MAPI_E_NO_RECIPIENTS,
          "message " + m.entryId() + " has no recipients; add at least one before submit()");
    }
    checkSentMailFolder(message);
    m.checkSender();
    session.connection().checkSenders(session.mailbox(), message.props());
    Instant now = store.clock().instant();
    long nowUs = MessageStore.micros(now);
    Map<PropTag<?>, Object> props = new LinkedHashMap<>(message.props());
    props.put(PropTag.PR_CLIENT_SUBMIT_TIME, now);
    Instant due = DeferredSend.due(props, now);
    if (due.isAfter(now)) {
      props.put(PropTag.PR_DEFERRED_SEND_TIME, due);
    }
    props.putIfAbsent(PropTag.PR_INTERNET_MESSAGE_ID, "<" + UUID.randomUUID() + "@msgstore>");
    int flags = message.flags() | MessageFlags.MSGFLAG_SUBMIT | MessageFlags.MSGFLAG_UNSENT;
    List<RecipientRecord> prepared = RecipientExpander.prepareSubmit(message.flags(), rows);
    long dueUs = MessageStore.micros(due);

    Outcome outcome =
        UnitOfWork.run(
            session.connection(),
            "submitting message " + m.entryId(),
            c -> {
              RecipientExpander.Expansion expanded = store.expander().expand(c, session, prepared);
              RecipientExpander.Expansion expansion =
                  preprocess ? expanded : new RecipientExpander.Expansion(expanded.rows(), false);
              if (expansion.needsPreprocessing()) {
                props.put(PropTag.PR_PREPROCESS, true);
              } else {
                props.remove(PropTag.PR_PREPROCESS);
              }
              MessageRecord record = message.nextRecord(props, flags, expansion.rows(), nowUs);
              long id = message.write(c, record, expansion.rows(), true);
              MessageRecord written = record.withId(id);
              List<RecipientRecord> finalRows = expansion.rows();
              List<NewMailEvent> newMail = List.of();
              boolean coupledAllowed = !expansion.needsPreprocessing() && dueUs <= nowUs;
              if (coupledAllowed && store.submitSupport().coupled() != null) {
                InboxDelivery delivery = deliverCoupled(store, c, written, finalRows, nowUs);
                if (delivery != null) {
                  finalRows = markHandled(finalRows, delivery);
                  store.recipients().replaceAll(c, id, finalRows);
                  newMail = delivery.newMail();
                }
              }
              boolean allHandled = finalRows.stream().allMatch(RecipientRecord::responsibility);
              if (allHandled && coupledAllowed) {
                // A10b / R74: nothing left for the spooler; finish here, never queued.
                Disposition.apply(store, c, session.mailboxRecord(), written, nowUs);
                return new Outcome(written, id, finalRows, false, newMail);
              }
              int submitFlagsColumn =
                  expansion.needsPreprocessing() ? SubmitFlags.SUBMITFLAG_PREPROCESS : 0;
              store
                  .queue()
                  .insert(
                      c,
                      id,
                      session.mailboxRecord().id(),
                      nowUs,
                      store.claimRank().of(props, nowUs),
                      ClaimRank.lane(props),
                      submitFlagsColumn,
                      dueUs);
              return new Outcome(written, id, finalRows, true, newMail);
            });

    message.adopt(outcome.record(), outcome.id(), outcome.rows());
    EntryId entryId = m.entryId();
    Instant later = due.isAfter(now) ? due : null;
    UnitOfWork.afterCommit(
        session.connection(),
        () -> {
          if (outcome.queued()) {
            store
                .events()
                .queueChanged(
                    new QueueEvent(
                        QueueEvent.Kind.TABLE_ROW_ADDED, entryId, session.mailbox(), later));
          }
          outcome.newMail().forEach(store.events()::newMail);
        });
  }

  private record Outcome(
      MessageRecord record,
      long id,
      List<RecipientRecord> rows,
      boolean queued,
      List<NewMailEvent> newMail) {}

  /** Offers the coupled transport the recipients it handles; null when it handles none. */
  private static InboxDelivery deliverCoupled(
      MessageStore store,
      Connection c,
      MessageRecord written,
      List<RecipientRecord> rows,
      long nowUs) {
    CoupledTransport coupled = store.submitSupport().coupled();
    List<RecipientRecord> offered = new ArrayList<>();
    for (RecipientRecord r : rows) {
      if (!r.responsibility() && coupled.handles(r.addrType(), r.emailAddress())) {
        offered.add(r);
      }
    }
    if (offered.isEmpty()) {
      return null;
    }
    InboxDelivery delivery = new InboxDelivery(store, c, written, rows, offered, nowUs);
    coupled.deliver(delivery);
    return delivery;
  }

  private static List<RecipientRecord> markHandled(
      List<RecipientRecord> rows, InboxDelivery delivery) {
    List<RecipientRecord> marked = new ArrayList<>(rows.size());
    for (RecipientRecord r : rows) {
      boolean handled = r.responsibility() || delivery.delivered().contains(r.rowId());
      marked.add(r.withResponsibility(handled, r.extra()));
    }
    return marked;
  }

  /** R72: a sent-mail folder that is not a folder of this mailbox is refused at the call. */
  private static void checkSentMailFolder(PersistentMessage m) {
    Object sentmail = m.props().get(PropTag.PR_SENTMAIL_ENTRYID);
    if (sentmail instanceof byte[] id && !m.session().ownsFolder(id)) {
      throw new MapiException(
          MapiError.MAPI_E_INVALID_ENTRYID,
          "PR_SENTMAIL_ENTRYID "
              + EntryId.of(id)
              + " names no folder of mailbox '"
              + m.session().mailbox()
              + "'; use PR_IPM_SENTMAIL_ENTRYID");
    }
  }
}
