package org.msgstore.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.msgstore.EntryId;
import org.msgstore.MapiError;
import org.msgstore.MapiException;
import org.msgstore.MessageFlags;
import org.msgstore.PropTag;
import org.msgstore.inflow.NewMailEvent;
import org.msgstore.store.jdbc.MailboxRecord;
import org.msgstore.store.jdbc.MessageRecord;
import org.msgstore.store.jdbc.RecipientRecord;

/**
 * The ways a message leaves the outgoing queue for good, each in one transaction so that it happens
 * exactly once: {@code FinishedMsg} (R68–R71), the finish with reports (R57, R58, R73), and giving
 * up an unreadable message. Queue subscribers hear of the removal, and the sender's mailbox of the
 * reports (R78), only once that transaction committed.
 */
final class MessageEndings {
  private final SpoolerScope scope;
  private final MessageStore store;

  MessageEndings(SpoolerScope scope) {
    this.scope = scope;
    this.store = scope.store();
  }

  /** Only for a message this spooler has locked (R68): out of the queue (R70), then disposed. */
  void finishedMsg(EntryId entryId) {
    long now = scope.nowUs();
    String owner = scope.owner();
    String mailbox =
        UnitOfWork.run(
            scope.connection(),
            "finishing " + entryId,
            c -> {
              QueuedMessage found = QueuedMessage.find(store, c, entryId);
              if (found == null || !found.queued()) {
                throw new MapiException(
                    MapiError.MAPI_E_NOT_IN_QUEUE,
                    "message " + entryId + " is not in the outgoing queue");
              }
              if (!found.heldBy(owner, now)) {
                throw new MapiException(
                    MapiError.MAPI_E_INVALID_PARAMETER,
                    "message "
                        + entryId
                        + " is not locked by spooler '"
                        + owner
                        + "'; lock it before finishedMsg");
              }
              MessageRecord m = store.messages().findById(c, found.messageId());
              if (!store.queue().deleteLockedBy(c, found.messageId(), owner)) {
                throw new MapiException(
                    MapiError.MAPI_E_NOT_IN_QUEUE,
                    "message " + entryId + " left the queue meanwhile");
              }
              MailboxRecord box = store.mailboxById(c, found.mailboxId());
              Disposition.apply(store, c, box, m, now);
              return box.name();
            });
    scope.queueChangedAfterCommit(QueueEvent.Kind.TABLE_ROW_DELETED, entryId, mailbox);
  }

  /**
   * Finishes a message every recipient of which is dealt with, from its rows as stored: the reports
   * it owes, then what {@link #finishedMsg} does.
   */
  List<NewMailEvent> finishWithReports(EntryId entryId, Supplier<OriginalRendition> rendition) {
    long now = scope.nowUs();
    Instant at = store.clock().instant();
    return endInOneTransaction(
        entryId,
        "finishing " + entryId,
        (c, reports) -> {
          QueuedMessage held = QueuedMessage.held(scope, c, entryId, now);
          MessageRecord m = store.messages().findById(c, held.messageId());
          MailboxRecord box = store.mailboxById(c, m.mailboxId());
          List<RecipientRecord> rows = store.recipients().load(c, m.id());
          Map<Integer, RecipientOutcome> outcomes = OutcomeRows.outcomesOf(rows);
          Set<ReportKind> owed = ReportPolicy.owed(m.props(), outcomes.values());
          reports.addAll(ReportPolicy.write(store, c, box, m, owed, rows, outcomes, rendition, at));
          if (!store.queue().deleteLockedBy(c, m.id(), scope.owner())) {
            throw new MapiException(
                MapiError.MAPI_E_NOT_IN_QUEUE, "message " + entryId + " left the queue meanwhile");
          }
          Disposition.apply(store, c, box, m, now);
          return box.name();
        });
  }

  /**
   * The end of an attempt that left no recipient waiting, from what {@code held} read when it was
   * opened: the spooler holds the lease, so nobody else changed the rows, and the queue removal,
   * the first statement, proves the lease is still held. Records the outcomes (R52, R56, R73) and
   * the time a transport first took the message (R65), writes the reports, and disposes of the
   * message, as recording the outcomes and then {@link #finishWithReports} would. A message deleted
   * after submit and owing no report is just deleted: its rows would go with it.
   */
  List<NewMailEvent> finishDelivered(
      HeldMessage held, List<RecipientOutcome> outcomes, Supplier<OriginalRendition> rendition) {
    StoreMessage m = held.stored();
    EntryId entryId = m.entryId();
    long now = scope.nowUs();
    Instant at = store.clock().instant();
    List<RecipientRecord> rows = OutcomeRows.withOutcomes(m.recipientRecords(), outcomes);
    Map<Integer, RecipientOutcome> all = OutcomeRows.outcomesOf(rows);
    Set<ReportKind> owed = ReportPolicy.owed(m.props(), all.values());
    boolean justDelete =
        Boolean.TRUE.equals(m.get(PropTag.PR_DELETE_AFTER_SUBMIT)) && owed.isEmpty();
    Map<PropTag<?>, Object> props = new LinkedHashMap<>(m.props());
    if (outcomes.stream().anyMatch(o -> o instanceof RecipientOutcome.Delivered)
        && props.get(PropTag.PR_PROVIDER_SUBMIT_TIME) == null) {
      props.put(PropTag.PR_PROVIDER_SUBMIT_TIME, at);
    }
    MessageRecord record = m.nextRecord(props, m.flags(), rows, now);
    MailboxRecord box = m.session().mailboxRecord();
    return endInOneTransaction(
        entryId,
        "finishing " + entryId,
        (c, reports) -> {
          if (!store.queue().deleteHeldBy(c, m.rowId(), scope.owner(), now)) {
            throw scope.notHeld(entryId);
          }
          if (justDelete) {
            store.messages().delete(c, m.rowId());
            return box.name();
          }
          store
              .recipients()
              .updateOutcomes(
                  c, m.rowId(), rows, outcomes.stream().map(RecipientOutcome::rowId).toList());
          reports.addAll(ReportPolicy.write(store, c, box, record, owed, rows, all, rendition, at));
          Disposition.saveAndApply(store, c, box, record, record.version() - 1);
          return box.name();
        });
  }

  /**
   * Gives up on a message whose data cannot be read: every recipient not yet dealt with gets an NDR
   * with the reason, the message leaves the queue and stays where it is, no longer submitted. It is
   * never retried again. Its properties cannot be read, so neither can the sender's wish for
   * reports: the NDR is always written.
   */
  List<NewMailEvent> failUnreadable(EntryId entryId, String reason) {
    long now = scope.nowUs();
    Instant at = store.clock().instant();
    return endInOneTransaction(
        entryId,
        "failing unreadable message " + entryId,
        (c, reports) -> {
          QueuedMessage held = QueuedMessage.held(scope, c, entryId, now);
          MailboxRecord box = store.mailboxById(c, held.mailboxId());
          List<RecipientRecord> rows = store.recipients().loadColumns(c, held.messageId());
          Map<Integer, RecipientOutcome> outcomes = new LinkedHashMap<>();
          for (RecipientRecord r : rows) {
            if (!r.responsibility()) {
              outcomes.put(
                  r.rowId(),
                  new RecipientOutcome.Failed(
                      r.rowId(), reason, 2, -1, at)); // CONVERSION_NOT_PERFORMED, NO_DIAGNOSTIC
            }
          }
          MessageRecord shell =
              new MessageRecord(
                  held.messageId(),
                  held.mailboxId(),
                  0,
                  EntryIds.messageBytes(entryId),
                  held.flags(),
                  0,
                  now,
                  now,
                  Map.of(PropTag.PR_SUBJECT, "(unreadable message)"));
          reports.addAll(
              ReportPolicy.write(
                  store,
                  c,
                  box,
                  shell,
                  EnumSet.of(ReportKind.NDR),
                  rows,
                  outcomes,
                  () -> null,
                  at));
          store.queue().deleteLockedBy(c, held.messageId(), scope.owner());
          store
              .messages()
              .updateFlags(c, held.messageId(), held.flags() & ~MessageFlags.MSGFLAG_SUBMIT);
          return box.name();
        });
  }

  /** Work that takes a message out of the queue for good; returns the sender's mailbox name. */
  @FunctionalInterface
  private interface Ending {
    String run(Connection c, List<NewMailEvent> reports) throws SQLException;
  }

  /**
   * Runs {@code ending} as one transaction, then tells queue subscribers the row is gone and raises
   * new mail for the reports it wrote: both only once it committed.
   */
  private List<NewMailEvent> endInOneTransaction(EntryId entryId, String what, Ending ending) {
    List<NewMailEvent> reports = new ArrayList<>();
    String mailbox = UnitOfWork.run(scope.connection(), what, c -> ending.run(c, reports));
    scope.queueChangedAfterCommit(QueueEvent.Kind.TABLE_ROW_DELETED, entryId, mailbox);
    reports.forEach(scope::newMailAfterCommit);
    return reports;
  }
}
