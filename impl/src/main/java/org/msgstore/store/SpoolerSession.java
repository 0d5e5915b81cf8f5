package org.msgstore.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.msgstore.EntryId;
import org.msgstore.MapiError;
import org.msgstore.MapiException;
import org.msgstore.Message;
import org.msgstore.PropTag;
import org.msgstore.Row;
import org.msgstore.SubmitFlags;
import org.msgstore.inflow.NewMailEvent;
import org.msgstore.store.jdbc.MailboxRecord;
import org.msgstore.store.jdbc.MessageRecord;
import org.msgstore.store.jdbc.QueueEntry;
import org.msgstore.store.jdbc.QueueRow;

/**
 * The store as the spooler sees it ({@code IMSProvider::SpoolerLogon}): the outgoing queue of all
 * mailboxes, and the spooler-only methods {@code GetOutgoingQueue}, {@code SetLockState}, {@code
 * FinishedMsg} and {@code NotifyNewMail}. A lock is a lease named after this session's owner; it
 * lapses by itself if the owner dies (R33).
 */
public final class SpoolerSession {
  public static final int MSG_UNLOCKED = 0x0;
  public static final int MSG_LOCKED = 0x1;

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

  private final MessageStore store;
  private final StoreConnection connection;
  private final String owner;
  private final Duration lease;

  SpoolerSession(MessageStore store, StoreConnection connection, String owner, Duration lease) {
    this.store = store;
    this.connection = connection;
    this.owner = owner;
    this.lease = lease;
  }

  public String owner() {
    return owner;
  }

  /**
   * The queued messages matching {@code restriction}, in queue order (R22: restrictable on
   * PR_SPOOLER_STATUS).
   */
  public List<Row> getOutgoingQueue(int flags, org.msgstore.Restriction restriction) {
    return getOutgoingQueue(flags).stream().filter(restriction::matches).toList();
  }

  /** {@code GetOutgoingQueue}: every queued message, oldest submission first (R18, R19). */
  public List<Row> getOutgoingQueue(int flags) {
    reserved("getOutgoingQueue", flags);
    long now = nowUs();
    List<QueueRow> rows =
        UnitOfWork.read(connection, "reading the outgoing queue", c -> store.queue().list(c));
    List<Row> table = new ArrayList<>(rows.size());
    for (QueueRow r : rows) {
      Map<PropTag<?>, Object> v = new LinkedHashMap<>();
      v.put(PropTag.PR_ENTRYID, r.entryId());
      v.put(PropTag.PR_CLIENT_SUBMIT_TIME, MessageStore.instant(r.entry().clientSubmitUs()));
      v.put(PropTag.PR_MESSAGE_FLAGS, r.messageFlags());
      v.put(PropTag.PR_SUBMIT_FLAGS, submitFlags(r.entry(), now));
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

  /**
   * Queued messages that are due and unlocked, oldest submission first: what to lock next (R34,
   * R79).
   */
  public List<EntryId> due(int max) {
    long now = nowUs();
    return UnitOfWork.read(
        connection,
        "reading due messages",
        c -> {
          List<EntryId> ids = new ArrayList<>();
          for (org.msgstore.store.jdbc.QueueRepository.Due d : store.queue().due(c, now, max)) {
            ids.add(EntryId.of(d.entryId()));
          }
          return ids;
        });
  }

  /**
   * Opens a queued message for the spooler: writable, and not refused for being submitted or
   * locked.
   */
  public Message openMessage(EntryId entryId) {
    byte[] id = EntryIds.messageBytes(entryId);
    return UnitOfWork.read(
        connection,
        "opening message " + entryId + " for the spooler",
        c -> {
          MessageRecord m = store.messages().findAnyMailbox(c, id);
          if (m == null) {
            throw new MapiException(
                MapiError.MAPI_E_NOT_FOUND, "no message " + entryId + " in the store");
          }
          QueueEntry q = store.queue().find(c, m.id());
          MailboxSession session =
              new MailboxSession(store, connection, store.mailboxById(c, m.mailboxId()));
          return StoreMessage.open(session, m, false, q == null ? 0 : submitFlags(q, nowUs()));
        });
  }

  /** The mailbox a message opened through this session belongs to. */
  public String mailboxOf(Message message) {
    return message instanceof StoreMessage m ? m.session().mailbox() : null;
  }

  /**
   * {@code SetLockState}: saves the spooler's pending changes to {@code message} (R27), then locks
   * (R26) or unlocks it. Locking a message another spooler holds, or one not in the queue, fails
   * with MAPI_E_NOT_IN_QUEUE (R30, R31).
   */
  public void setLockState(Message message, int lockState) {
    if (lockState != MSG_LOCKED && lockState != MSG_UNLOCKED) {
      throw new MapiException(
          MapiError.MAPI_E_INVALID_PARAMETER,
          "lock state " + lockState + " is neither MSG_LOCKED (1) nor MSG_UNLOCKED (0)");
    }
    if (!(message instanceof StoreMessage m)) {
      throw new MapiException(
          MapiError.MAPI_E_INVALID_PARAMETER,
          "setLockState needs a message opened from this store");
    }
    EntryId entryId = m.entryId();
    if (m.hasPendingChanges()) {
      m.saveChanges();
    }
    long now = nowUs();
    UnitOfWork.run(
        connection,
        (lockState == MSG_LOCKED ? "locking " : "unlocking ") + entryId,
        c -> {
          MessageRecord record = store.messages().findAnyMailbox(c, m.entryIdBytes());
          QueueEntry q = record == null ? null : store.queue().find(c, record.id());
          if (q == null) {
            throw new MapiException(
                MapiError.MAPI_E_NOT_IN_QUEUE,
                "message " + entryId + " is not in the outgoing queue");
          }
          if (lockState == MSG_LOCKED) {
            if (!store.queue().lock(c, record.id(), owner, now, now + lease.toNanos() / 1_000)) {
              throw new MapiException(
                  MapiError.MAPI_E_NOT_IN_QUEUE,
                  "message " + entryId + " is locked by spooler '" + q.lockOwner() + "'");
            }
          } else if (q.lockedAt(now) && !store.queue().unlock(c, record.id(), owner)) {
            throw new MapiException(
                MapiError.MAPI_E_NOT_IN_QUEUE,
                "message "
                    + entryId
                    + " is locked by spooler '"
                    + q.lockOwner()
                    + "', not by '"
                    + owner
                    + "'");
          }
          return null;
        });
    m.setLockedView(lockState == MSG_LOCKED);
    queueChangedAfterCommit(QueueEvent.Kind.TABLE_ROW_MODIFIED, entryId, m.session().mailbox());
  }

  /**
   * {@code FinishedMsg}: only for a message this spooler has locked (R68). Takes it out of the
   * queue (R70) and applies its disposition (R69, R71), in one transaction, so it runs exactly
   * once.
   */
  public void finishedMsg(int flags, EntryId entryId) {
    reserved("finishedMsg", flags);
    byte[] id = EntryIds.messageBytes(entryId);
    long now = nowUs();
    String mailbox =
        UnitOfWork.run(
            connection,
            "finishing " + entryId,
            c -> {
              MessageRecord m = store.messages().findAnyMailbox(c, id);
              QueueEntry q = m == null ? null : store.queue().find(c, m.id());
              if (q == null) {
                throw new MapiException(
                    MapiError.MAPI_E_NOT_IN_QUEUE,
                    "message " + entryId + " is not in the outgoing queue");
              }
              if (!q.lockedBy(owner, now)) {
                throw new MapiException(
                    MapiError.MAPI_E_INVALID_PARAMETER,
                    "message "
                        + entryId
                        + " is not locked by spooler '"
                        + owner
                        + "'; lock it before finishedMsg");
              }
              if (!store.queue().deleteLockedBy(c, m.id(), owner)) {
                throw new MapiException(
                    MapiError.MAPI_E_NOT_IN_QUEUE,
                    "message " + entryId + " left the queue meanwhile");
              }
              MailboxRecord box = store.mailboxById(c, m.mailboxId());
              Disposition.apply(store, c, box, m, now);
              return box.name();
            });
    queueChangedAfterCommit(QueueEvent.Kind.TABLE_ROW_DELETED, entryId, mailbox);
  }

  /**
   * Locks up to {@code max} due messages for this spooler, oldest submission first (R19, R34), each
   * with a fresh lease. Messages another spooler takes in between are skipped.
   */
  public List<EntryId> claim(int max) {
    long now = nowUs();
    long until = now + lease.toNanos() / 1_000;
    List<EntryId> claimed =
        UnitOfWork.run(
            connection,
            "claiming due messages",
            c -> {
              // One query for the due rows with their entry ids, one batch for the locks.
              List<org.msgstore.store.jdbc.QueueRepository.Due> due =
                  store.queue().due(c, now, max);
              boolean[] locked =
                  store
                      .queue()
                      .lockAll(
                          c,
                          due.stream()
                              .map(org.msgstore.store.jdbc.QueueRepository.Due::messageId)
                              .toList(),
                          owner,
                          now,
                          until);
              List<EntryId> ids = new ArrayList<>();
              for (int i = 0; i < locked.length; i++) {
                if (locked[i]) {
                  ids.add(EntryId.of(due.get(i).entryId()));
                }
              }
              return ids;
            });
    for (EntryId id : claimed) {
      queueChangedAfterCommit(QueueEvent.Kind.TABLE_ROW_MODIFIED, id, null);
    }
    return claimed;
  }

  /** Renews this spooler's lease on a message it is working on; false when the lease was lost. */
  public boolean renewLease(EntryId entryId) {
    long now = nowUs();
    return UnitOfWork.run(
        connection,
        "renewing the lease on " + entryId,
        c -> {
          MessageRecord m = store.messages().findAnyMailbox(c, EntryIds.messageBytes(entryId));
          QueueEntry q = m == null ? null : store.queue().find(c, m.id());
          return q != null
              && q.lockedBy(owner, now)
              && store.queue().lock(c, m.id(), owner, now, now + lease.toNanos() / 1_000);
        });
  }

  /**
   * Records verdicts on recipients of a message this spooler holds: each becomes {@code
   * PR_RESPONSIBILITY = TRUE} in the same transaction that stores its outcome (R52, R56, R73).
   */
  public void recordOutcomes(EntryId entryId, List<RecipientOutcome> outcomes) {
    long now = nowUs();
    UnitOfWork.run(
        connection,
        "recording delivery outcomes of " + entryId,
        c -> {
          MessageRecord m = held(c, entryId, now);
          Map<Integer, org.msgstore.store.jdbc.RecipientRecord> rows = new LinkedHashMap<>();
          store.recipients().load(c, m.id()).forEach(r -> rows.put(r.rowId(), r));
          for (RecipientOutcome o : outcomes) {
            org.msgstore.store.jdbc.RecipientRecord r = rows.get(o.rowId());
            if (r == null) {
              throw new MapiException(
                  MapiError.MAPI_E_NOT_FOUND,
                  "message " + entryId + " has no recipient row " + o.rowId());
            }
            store.recipients().updateOutcome(c, m.id(), o.rowId(), true, withOutcome(r, o));
          }
          return null;
        });
  }

  /**
   * Gives a message this spooler holds back to the queue, unlocked, due again at {@code due}, with
   * the reason kept (spec E1: recipients remain that no transport could take now).
   */
  public void release(EntryId entryId, java.time.Instant due, String lastError) {
    long now = nowUs();
    String mailbox =
        UnitOfWork.run(
            connection,
            "releasing " + entryId,
            c -> {
              long[] located = heldRow(c, entryId, now);
              store.queue().release(c, located[0], owner, MessageStore.micros(due), lastError);
              return store.mailboxById(c, located[1]).name();
            });
    queueChangedAfterCommit(QueueEvent.Kind.TABLE_ROW_MODIFIED, entryId, mailbox);
  }

  /**
   * Finishes a message every recipient of which is dealt with: writes the non-delivery report
   * (unless the sender turned NDRs off) and the delivery report (if asked for), then does what
   * {@link #finishedMsg} does, all in one transaction, so reports and filing happen exactly once
   * (R57, R58, R69, R73). Reports raise new mail after commit (R78); they are returned.
   */
  public List<NewMailEvent> finishWithReports(EntryId entryId, OriginalRendition rendition) {
    long now = nowUs();
    java.time.Instant at = store.clock().instant();
    return endInOneTransaction(
        entryId,
        "finishing " + entryId,
        (c, reports) -> {
          MessageRecord m = held(c, entryId, now);
          MailboxRecord box = store.mailboxById(c, m.mailboxId());
          List<org.msgstore.store.jdbc.RecipientRecord> rows = store.recipients().load(c, m.id());
          Map<Integer, RecipientOutcome> outcomes = outcomesOf(rows);
          boolean anyFailed =
              outcomes.values().stream().anyMatch(o -> o instanceof RecipientOutcome.Failed);
          boolean anyDelivered =
              outcomes.values().stream().anyMatch(o -> o instanceof RecipientOutcome.Delivered);
          if (anyFailed
              && !Boolean.FALSE.equals(
                  m.props().get(PropTag.PR_ORIGINATOR_NON_DELIVERY_REPORT_REQUESTED))) {
            reports.add(
                ReportWriter.write(
                    store, c, box, m, ReportKind.NDR, rows, outcomes, rendition, at));
          }
          if (anyDelivered
              && Boolean.TRUE.equals(
                  m.props().get(PropTag.PR_ORIGINATOR_DELIVERY_REPORT_REQUESTED))) {
            reports.add(
                ReportWriter.write(store, c, box, m, ReportKind.DR, rows, outcomes, null, at));
          }
          if (!store.queue().deleteLockedBy(c, m.id(), owner)) {
            throw new MapiException(
                MapiError.MAPI_E_NOT_IN_QUEUE, "message " + entryId + " left the queue meanwhile");
          }
          Disposition.apply(store, c, box, m, now);
          return box.name();
        });
  }

  /**
   * The end of an attempt that left no recipient waiting, in one transaction (spec C, C8, C9):
   * records the outcomes on the recipient rows (R52, R56, R73), keeps the time a transport first
   * took the message (R65), writes the reports, takes the message out of the queue and applies its
   * disposition, exactly once, as {@link #recordOutcomes} followed by {@link #finishWithReports}
   * would. It works from what {@code message} read when it was opened: the spooler holds the lease,
   * so nobody else changed the rows, and the queue removal, the first statement, proves the lease
   * is still held. A message deleted after submit and owing no report is just deleted: its rows
   * would go with it. Raises new mail for the reports after commit and returns them.
   */
  public List<NewMailEvent> finishDelivered(
      Message message,
      List<RecipientOutcome> outcomes,
      java.util.function.Supplier<OriginalRendition> rendition) {
    if (!(message instanceof StoreMessage m)) {
      throw new MapiException(
          MapiError.MAPI_E_INVALID_PARAMETER,
          "finishDelivered needs a message opened from this store");
    }
    EntryId entryId = m.entryId();
    long now = nowUs();
    java.time.Instant at = store.clock().instant();
    List<org.msgstore.store.jdbc.RecipientRecord> rows =
        withOutcomes(m.recipientRecords(), outcomes);
    Map<Integer, RecipientOutcome> all = outcomesOf(rows);
    boolean anyFailed = all.values().stream().anyMatch(o -> o instanceof RecipientOutcome.Failed);
    boolean anyDelivered =
        all.values().stream().anyMatch(o -> o instanceof RecipientOutcome.Delivered);
    boolean ndr =
        anyFailed
            && !Boolean.FALSE.equals(m.get(PropTag.PR_ORIGINATOR_NON_DELIVERY_REPORT_REQUESTED));
    boolean dr =
        anyDelivered && Boolean.TRUE.equals(m.get(PropTag.PR_ORIGINATOR_DELIVERY_REPORT_REQUESTED));
    boolean justDelete = Boolean.TRUE.equals(m.get(PropTag.PR_DELETE_AFTER_SUBMIT)) && !ndr && !dr;
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
          if (!store.queue().deleteHeldBy(c, m.rowId(), owner, now)) {
            throw new MapiException(
                MapiError.MAPI_E_NOT_IN_QUEUE,
                "spooler '"
                    + owner
                    + "' does not hold message "
                    + entryId
                    + " (not queued, or its lease lapsed)");
          }
          if (justDelete) {
            store.messages().delete(c, m.rowId());
            return box.name();
          }
          store
              .recipients()
              .updateOutcomes(
                  c, m.rowId(), rows, outcomes.stream().map(RecipientOutcome::rowId).toList());
          if (!store.messages().update(c, record, record.version() - 1)) {
            throw new MapiException(
                MapiError.MAPI_E_OBJECT_CHANGED,
                "message " + entryId + " was changed while the spooler held it");
          }
          if (ndr) {
            reports.add(
                ReportWriter.write(
                    store, c, box, record, ReportKind.NDR, rows, all, rendition.get(), at));
          }
          if (dr) {
            reports.add(
                ReportWriter.write(store, c, box, record, ReportKind.DR, rows, all, null, at));
          }
          Disposition.apply(store, c, box, record, now);
          return box.name();
        });
  }

  /**
   * The rows as they are once {@code outcomes} are recorded on them (as {@link #recordOutcomes}
   * writes them).
   */
  private static List<org.msgstore.store.jdbc.RecipientRecord> withOutcomes(
      List<org.msgstore.store.jdbc.RecipientRecord> rows, List<RecipientOutcome> outcomes) {
    Map<Integer, RecipientOutcome> byRow = new LinkedHashMap<>();
    outcomes.forEach(o -> byRow.put(o.rowId(), o));
    List<org.msgstore.store.jdbc.RecipientRecord> result = new ArrayList<>(rows.size());
    for (org.msgstore.store.jdbc.RecipientRecord r : rows) {
      RecipientOutcome o = byRow.remove(r.rowId());
      if (o == null) {
        result.add(r);
        continue;
      }
      result.add(
          new org.msgstore.store.jdbc.RecipientRecord(
              r.rowId(),
              r.recipientType(),
              r.displayName(),
              r.addrType(),
              r.emailAddress(),
              true,
              withOutcome(r, o)));
    }
    if (!byRow.isEmpty()) {
      throw new MapiException(
          MapiError.MAPI_E_NOT_FOUND, "the message has no recipient rows " + byRow.keySet());
    }
    return result;
  }

  /**
   * The spooler's {@code SubmitMessage} after preprocessing (spec B3, R48): clears
   * SUBMITFLAG_PREPROCESS; the message stays locked and keeps its client submit time.
   */
  public void completePreprocessing(Message message) {
    if (!(message instanceof StoreMessage m)) {
      throw new MapiException(
          MapiError.MAPI_E_INVALID_PARAMETER,
          "completePreprocessing needs a message opened from this store");
    }
    EntryId entryId = m.entryId();
    long now = nowUs();
    UnitOfWork.run(
        connection,
        "completing the preprocessing of " + entryId,
        c -> {
          MessageRecord row = held(c, entryId, now);
          QueueEntry q = store.queue().find(c, row.id());
          store
              .queue()
              .setSubmitFlags(c, row.id(), q.submitFlags() & ~SubmitFlags.SUBMITFLAG_PREPROCESS);
          return null;
        });
    m.clearPreprocessView();
    queueChangedAfterCommit(QueueEvent.Kind.TABLE_ROW_MODIFIED, entryId, null);
  }

  /**
   * Gives up on a message whose data cannot be read: every recipient not yet dealt with gets an NDR
   * with the reason, the message leaves the queue and stays where it is, no longer submitted. It is
   * never retried again.
   */
  public List<NewMailEvent> failUnreadable(EntryId entryId, String reason) {
    long now = nowUs();
    java.time.Instant at = store.clock().instant();
    return endInOneTransaction(
        entryId,
        "failing unreadable message " + entryId,
        (c, reports) -> {
          long[] located = heldRow(c, entryId, now);
          MailboxRecord box = store.mailboxById(c, located[1]);
          List<org.msgstore.store.jdbc.RecipientRecord> rows =
              store.recipients().loadColumns(c, located[0]);
          Map<Integer, RecipientOutcome> outcomes = new LinkedHashMap<>();
          for (org.msgstore.store.jdbc.RecipientRecord r : rows) {
            if (!r.responsibility()) {
              outcomes.put(
                  r.rowId(),
                  new RecipientOutcome.Failed(
                      r.rowId(), reason, 2, -1, at)); // CONVERSION_NOT_PERFORMED, NO_DIAGNOSTIC
            }
          }
          MessageRecord shell =
              new MessageRecord(
                  located[0],
                  located[1],
                  0,
                  EntryIds.messageBytes(entryId),
                  (int) located[2],
                  0,
                  now,
                  now,
                  Map.of(PropTag.PR_SUBJECT, "(unreadable message)"));
          reports.add(
              ReportWriter.write(store, c, box, shell, ReportKind.NDR, rows, outcomes, null, at));
          store.queue().deleteLockedBy(c, located[0], owner);
          store
              .messages()
              .updateFlags(
                  c, located[0], (int) located[2] & ~org.msgstore.MessageFlags.MSGFLAG_SUBMIT);
          return box.name();
        });
  }

  /** Work that takes a message out of the queue for good; returns the sender's mailbox name. */
  @FunctionalInterface
  private interface Ending {
    String run(java.sql.Connection c, List<NewMailEvent> reports) throws java.sql.SQLException;
  }

  /**
   * Runs {@code ending} as one transaction, then tells queue subscribers the row is gone and raises
   * new mail for the reports it wrote: both only once it committed.
   */
  private List<NewMailEvent> endInOneTransaction(EntryId entryId, String what, Ending ending) {
    List<NewMailEvent> reports = new ArrayList<>();
    String mailbox = UnitOfWork.run(connection, what, c -> ending.run(c, reports));
    queueChangedAfterCommit(QueueEvent.Kind.TABLE_ROW_DELETED, entryId, mailbox);
    reports.forEach(this::notifyNewMail);
    return reports;
  }

  /** One queued message as an operator sees it. */
  public record QueueItem(
      EntryId entryId,
      String mailbox,
      String subject,
      String state,
      int attempts,
      java.time.Instant nextAttempt,
      String lastError,
      String lockedBy) {}

  /**
   * The first {@code max} queued messages in queue order with their state: LOCKED (a spooler works
   * on it), DEFERRED (tried, waiting for its next attempt), WAITING (deferred send time not
   * reached) or QUEUED (due now).
   */
  public List<QueueItem> queueItems(int max) {
    long now = nowUs();
    return UnitOfWork.read(
        connection,
        "reading the outgoing queue",
        c -> {
          List<QueueItem> items = new ArrayList<>();
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
                new QueueItem(
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

  /** Messages in the outgoing queue right now, locked or not. */
  public int queueDepth() {
    return UnitOfWork.read(connection, "counting the outgoing queue", c -> store.queue().count(c));
  }

  /**
   * Queues a message a preprocessor generated (R49): created in the Outbox of the original's
   * mailbox and submitted by the spooler itself, without being preprocessed again. Its properties
   * and recipients are checked as a client's would be.
   */
  public EntryId submitGenerated(
      EntryId original,
      Map<PropTag<?>, Object> properties,
      List<org.msgstore.spi.Preprocessor.NewRecipient> recipients) {
    MailboxRecord box =
        UnitOfWork.read(
            connection,
            "finding the mailbox of " + original,
            c -> {
              long[] located = store.messages().locate(c, EntryIds.messageBytes(original));
              if (located == null) {
                throw new MapiException(
                    MapiError.MAPI_E_NOT_FOUND, "no message " + original + " in the store");
              }
              return store.mailboxById(c, located[1]);
            });
    MailboxSession session = new MailboxSession(store, connection, box);
    StoreMessage m =
        (StoreMessage) session.openFolder(org.msgstore.FolderKind.OUTBOX).createMessage();
    properties.forEach(m::setUnchecked);
    for (org.msgstore.spi.Preprocessor.NewRecipient r : recipients) {
      m.addRecipient(r.type(), r.displayName(), r.addressType(), r.address());
    }
    EntryId id = m.entryId();
    Submission.submit(m, 0, false);
    return id;
  }

  /** Releases every lease this spooler holds: an orderly stop leaves nothing locked (F1). */
  public int unlockAll() {
    return UnitOfWork.run(
        connection,
        "releasing the locks of spooler '" + owner + "'",
        c -> store.queue().unlockAll(c, owner));
  }

  /** Attempts and last error of a queued message, for retries and for operators. */
  public QueueState queueState(EntryId entryId) {
    return UnitOfWork.read(
        connection,
        "reading the queue state of " + entryId,
        c -> {
          long[] located = store.messages().locate(c, EntryIds.messageBytes(entryId));
          QueueEntry q = located == null ? null : store.queue().find(c, located[0]);
          if (q == null) {
            return null;
          }
          return new QueueState(
              q.attempts(),
              q.lastError(),
              MessageStore.instant(q.clientSubmitUs()),
              MessageStore.instant(q.dueUs()));
        });
  }

  /** What the queue knows of a message's attempts so far. */
  public record QueueState(
      int attempts, String lastError, java.time.Instant submitted, java.time.Instant due) {}

  private static Map<Integer, RecipientOutcome> outcomesOf(
      List<org.msgstore.store.jdbc.RecipientRecord> rows) {
    Map<Integer, RecipientOutcome> outcomes = new LinkedHashMap<>();
    for (org.msgstore.store.jdbc.RecipientRecord r : rows) {
      Map<PropTag<?>, Object> x = r.extra();
      if (x.get(PropTag.PR_NDR_DIAG_CODE) instanceof Integer diag) {
        outcomes.put(
            r.rowId(),
            new RecipientOutcome.Failed(
                r.rowId(),
                (String) x.getOrDefault(PropTag.PR_REPORT_TEXT, ""),
                (Integer) x.getOrDefault(PropTag.PR_NDR_REASON_CODE, 0),
                diag,
                (java.time.Instant) x.get(PropTag.PR_REPORT_TIME)));
      } else if (x.get(PropTag.PR_DELIVER_TIME) instanceof java.time.Instant at) {
        outcomes.put(r.rowId(), new RecipientOutcome.Delivered(r.rowId(), null, at));
      }
    }
    return outcomes;
  }

  /** The message, if this spooler holds its lease; MAPI_E_NOT_IN_QUEUE when the lease was lost. */
  private MessageRecord held(java.sql.Connection c, EntryId entryId, long now)
      throws java.sql.SQLException {
    return store.messages().findById(c, heldRow(c, entryId, now)[0]);
  }

  /**
   * Row id, mailbox id and flags of a message this spooler holds, read without decoding its
   * properties, so that a damaged message can still be released or given up.
   */
  private long[] heldRow(java.sql.Connection c, EntryId entryId, long now)
      throws java.sql.SQLException {
    long[] located = store.messages().locate(c, EntryIds.messageBytes(entryId));
    QueueEntry q = located == null ? null : store.queue().find(c, located[0]);
    if (q == null || !q.lockedBy(owner, now)) {
      throw new MapiException(
          MapiError.MAPI_E_NOT_IN_QUEUE,
          "spooler '"
              + owner
              + "' does not hold message "
              + entryId
              + " (not queued, or its lease lapsed)");
    }
    return located;
  }

  /**
   * {@code NotifyNewMail} (R77): tells the new-mail subscribers of the event's mailbox, after
   * commit.
   */
  public void notifyNewMail(NewMailEvent event) {
    if (event == null) {
      throw new MapiException(
          MapiError.MAPI_E_INVALID_PARAMETER, "the new-mail notification is null");
    }
    UnitOfWork.afterCommit(connection, () -> store.events().newMail(event));
  }

  private void queueChangedAfterCommit(QueueEvent.Kind kind, EntryId entryId, String mailbox) {
    UnitOfWork.afterCommit(
        connection, () -> store.events().queueChanged(new QueueEvent(kind, entryId, mailbox)));
  }

  static int submitFlags(QueueEntry q, long nowUs) {
    return (q.submitFlags() & SubmitFlags.SUBMITFLAG_PREPROCESS)
        | (q.lockedAt(nowUs) ? SubmitFlags.SUBMITFLAG_LOCKED : 0);
  }

  private long nowUs() {
    return MessageStore.micros(store.clock().instant());
  }

  static void reserved(String method, int flags) {
    if (flags != 0) {
      throw new MapiException(
          MapiError.MAPI_E_UNKNOWN_FLAGS,
          String.format("%s flags 0x%08X are reserved and must be 0", method, flags));
    }
  }

  /**
   * A recipient row's properties with its verdict: the delivery time, or the NDR reason,
   * diagnostic, text and time.
   */
  private static Map<PropTag<?>, Object> withOutcome(
      org.msgstore.store.jdbc.RecipientRecord r, RecipientOutcome o) {
    Map<PropTag<?>, Object> extra = new LinkedHashMap<>(r.extra());
    if (o instanceof RecipientOutcome.Delivered d) {
      extra.put(PropTag.PR_DELIVER_TIME, d.at());
    } else if (o instanceof RecipientOutcome.Failed f) {
      extra.put(PropTag.PR_NDR_REASON_CODE, f.ndrReasonCode());
      extra.put(PropTag.PR_NDR_DIAG_CODE, f.ndrDiagCode());
      extra.put(PropTag.PR_REPORT_TEXT, f.reason());
      extra.put(PropTag.PR_REPORT_TIME, f.at());
    }
    return extra;
  }
}
