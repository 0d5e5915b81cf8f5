package org.msgstore.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.msgstore.EntryId;
import org.msgstore.inflow.NewMailEvent;
import org.msgstore.store.jdbc.MailboxRecord;
import org.msgstore.store.jdbc.MessageRecord;
import org.msgstore.store.jdbc.QueueAdminRepository;
import org.msgstore.store.jdbc.QueueFilter;
import org.msgstore.store.jdbc.RecipientRecord;

/**
 * An operator's cancel ({@link QueueAdmin#cancel}): the selected messages no spooler is delivering
 * leave the queue one transaction each, every open recipient failed with "cancelled by the
 * administrator", the sender's NDR written and the message filed as after a failed delivery.
 */
final class QueueCancel {
  /** MAPI_REASON_TRANSFER_IMPOSSIBLE: the message was not (and will not be) transferred. */
  static final int CANCEL_REASON = 1;

  /**
   * MAPI_DIAG_SUBMISSION_PROHIBITED (29): the administrator withdrew the submission, the nearest of
   * MAPI's diagnostic codes to a cancel.
   */
  static final int CANCEL_DIAG = 29;

  private static final int CANCEL_BATCH = 100;

  private final MessageStore store;
  private final QueueAdminRepository rows;

  QueueCancel(MessageStore store, QueueAdminRepository rows) {
    this.store = store;
    this.rows = rows;
  }

  /**
   * Cancels the messages {@code filter} selects that are not in delivery at {@code now}, the ids a
   * batch at a time; returns how many.
   */
  int cancel(StoreConnection conn, QueueFilter filter, long now, String by) {
    String reason =
        by == null || by.isBlank()
            ? "cancelled by the administrator"
            : "cancelled by the administrator (" + by + ")";
    int cancelled = 0;
    long after = 0;
    while (true) {
      long from = after;
      List<Long> ids =
          UnitOfWork.read(
              conn,
              "selecting messages to cancel",
              c -> rows.unlockedIds(c, filter, now, from, CANCEL_BATCH));
      for (long id : ids) {
        if (cancelOne(conn, id, reason)) {
          cancelled++;
        }
        after = id;
      }
      if (ids.size() < CANCEL_BATCH) {
        break;
      }
    }
    return cancelled;
  }

  /** One message out of the queue, failed for its open recipients, in one transaction. */
  private boolean cancelOne(StoreConnection conn, long messageId, String reason) {
    long now = nowUs();
    Instant at = store.clock().instant();
    List<NewMailEvent> reports = new ArrayList<>();
    EntryId[] cancelled = new EntryId[1];
    String mailbox =
        UnitOfWork.run(
            conn,
            "cancelling queued message row " + messageId,
            c -> {
              // Taking the row out first is the check: 0 rows when a spooler took the lease since.
              if (!store.queue().deleteUnlocked(c, messageId, now)) {
                return null;
              }
              MessageRecord m = store.messages().findById(c, messageId);
              MailboxRecord box = store.mailboxById(c, m.mailboxId());
              List<RecipientRecord> recipients = store.recipients().load(c, messageId);
              Map<Integer, RecipientOutcome> outcomes = new LinkedHashMap<>();
              for (RecipientRecord r : recipients) {
                if (!r.responsibility()) {
                  outcomes.put(
                      r.rowId(),
                      new RecipientOutcome.Failed(
                          r.rowId(), reason, CANCEL_REASON, CANCEL_DIAG, at));
                }
              }
              List<RecipientOutcome> failed = List.copyOf(outcomes.values());
              List<RecipientRecord> updated = OutcomeRows.withOutcomes(recipients, failed);
              store
                  .recipients()
                  .updateOutcomes(
                      c, messageId, updated, failed.stream().map(RecipientOutcome::rowId).toList());
              Set<ReportKind> owed = ReportPolicy.owed(m.props(), failed);
              reports.addAll(
                  ReportPolicy.write(store, c, box, m, owed, updated, outcomes, () -> null, at));
              cancelled[0] = EntryId.of(m.entryId());
              Disposition.apply(store, c, box, m, now);
              return box.name();
            });
    if (mailbox == null) {
      return false;
    }
    UnitOfWork.afterCommit(
        conn,
        () -> {
          store
              .events()
              .queueChanged(
                  new QueueEvent(QueueEvent.Kind.TABLE_ROW_DELETED, cancelled[0], mailbox));
          reports.forEach(store.events()::newMail);
        });
    return true;
  }

  private long nowUs() {
    return MessageStore.micros(store.clock().instant());
  }
}
