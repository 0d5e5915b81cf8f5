package org.msgstore.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.msgstore.EntryId;
import org.msgstore.PropTag;
import org.msgstore.Restriction;
import org.msgstore.Row;
import org.msgstore.store.jdbc.QueueEntry;
import org.msgstore.store.jdbc.QueueRepository;
import org.msgstore.store.jdbc.QueueRow;

/**
 * The outgoing queue of all mailboxes as the spooler and operators read it: the MAPI queue table
 * (R18–R22), what is due next (R34, R79), and each message's state and attempts. Reads only.
 */
final class OutgoingQueue {
  /**
   * The columns of the outgoing-queue table (R18), plus PR_SPOOLER_STATUS and
   * PR_DEFERRED_SEND_TIME.
   */
  private static final List<PropTag<?>> QUEUE_COLUMNS_FROM_MESSAGE =
      List.of(
          PropTag.PR_DISPLAY_BCC,
          PropTag.PR_DISPLAY_CC,
          PropTag.PR_DISPLAY_TO,
          PropTag.PR_MESSAGE_SIZE,
          PropTag.PR_PRIORITY,
          PropTag.PR_SENDER_NAME,
          PropTag.PR_SUBJECT,
          PropTag.PR_DEFERRED_SEND_TIME);

  private final SpoolerScope scope;

  OutgoingQueue(SpoolerScope scope) {
    this.scope = scope;
  }

  List<Row> getOutgoingQueue(int flags, Restriction restriction) {
    return getOutgoingQueue(flags).stream().filter(restriction::matches).toList();
  }

  List<Row> getOutgoingQueue(int flags) {
    SpoolerSession.reserved("getOutgoingQueue", flags);
    long now = scope.nowUs();
    List<QueueRow> rows =
        UnitOfWork.read(
            scope.connection(), "reading the outgoing queue", c -> scope.store().queue().list(c));
    List<Row> table = new ArrayList<>(rows.size());
    for (QueueRow r : rows) {
      Map<PropTag<?>, Object> v = new LinkedHashMap<>();
      v.put(PropTag.PR_ENTRYID, r.entryId());
      v.put(PropTag.PR_CLIENT_SUBMIT_TIME, MessageStore.instant(r.entry().clientSubmitUs()));
      v.put(PropTag.PR_MESSAGE_FLAGS, r.messageFlags());
      v.put(PropTag.PR_SUBMIT_FLAGS, SpoolerSession.submitFlags(r.entry(), now));
      v.put(PropTag.PR_SPOOLER_STATUS, 0);
      for (PropTag<?> column : QUEUE_COLUMNS_FROM_MESSAGE) {
        Object value = r.props().get(column);
        if (value != null) {
          v.put(column, value);
        }
      }
      table.add(new Row(v));
    }
    return table;
  }

  List<EntryId> due(int max) {
    long now = scope.nowUs();
    return UnitOfWork.read(
        scope.connection(),
        "reading due messages",
        c -> {
          List<EntryId> ids = new ArrayList<>();
          for (QueueRepository.Due d : scope.store().queue().due(c, now, max)) {
            ids.add(EntryId.of(d.entryId()));
          }
          return ids;
        });
  }

  List<SpoolerSession.QueueItem> queueItems(int max) {
    long now = scope.nowUs();
    MessageStore store = scope.store();
    return UnitOfWork.read(
        scope.connection(),
        "reading the outgoing queue",
        c -> {
          List<SpoolerSession.QueueItem> items = new ArrayList<>();
          for (QueueRow r : store.queue().list(c)) {
            if (items.size() >= max) {
              break;
            }
            QueueEntry q = r.entry();
            String state =
                q.lockedAt(now)
                    ? "LOCKED"
                    : q.dueUs() > now ? (q.attempts() > 0 ? "DEFERRED" : "WAITING") : "QUEUED";
            items.add(
                new SpoolerSession.QueueItem(
                    EntryId.of(r.entryId()),
                    store.mailboxById(c, q.mailboxId()).name(),
                    (String) r.props().get(PropTag.PR_SUBJECT),
                    state,
                    q.attempts(),
                    MessageStore.instant(q.dueUs()),
                    q.lastError(),
                    q.lockedAt(now) ? q.lockOwner() : null));
          }
          return items;
        });
  }

  /** When the earliest message not due at {@code after} comes due, or null if none waits. */
  Instant nextDue(Instant after) {
    long now = MessageStore.micros(after);
    Long due =
        UnitOfWork.read(
            scope.connection(),
            "reading the next due time",
            c -> scope.store().queue().nextDueAfter(c, now));
    return due == null ? null : MessageStore.instant(due);
  }

  int queueDepth() {
    return UnitOfWork.read(
        scope.connection(), "counting the outgoing queue", c -> scope.store().queue().count(c));
  }

  SpoolerSession.QueueState queueState(EntryId entryId) {
    return UnitOfWork.read(
        scope.connection(),
        "reading the queue state of " + entryId,
        c -> {
          QueuedMessage m = QueuedMessage.find(scope.store(), c, entryId);
          if (m == null || !m.queued()) {
            return null;
          }
          QueueEntry q = m.queue();
          return new SpoolerSession.QueueState(
              q.attempts(),
              q.lastError(),
              MessageStore.instant(q.clientSubmitUs()),
              MessageStore.instant(q.dueUs()));
        });
  }
}
