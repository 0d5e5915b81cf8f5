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
 * mailboxes, and the spooler-only methods {@code GetOutgoingQueue}, {@code SetLockState},
 * {@code FinishedMsg} and {@code NotifyNewMail}. A lock is a lease named after this session's
 * owner; it lapses by itself if the owner dies (R33).
 */
public final class SpoolerSession {
  public static final int MSG_UNLOCKED = 0x0;
  public static final int MSG_LOCKED = 0x1;

  /** The columns of the outgoing-queue table (R18), plus PR_SPOOLER_STATUS and PR_DEFERRED_SEND_TIME. */
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

  /** The queued messages matching {@code restriction}, in queue order (R22: restrictable on PR_SPOOLER_STATUS). */
  public List<Row> getOutgoingQueue(int flags, org.msgstore.Restriction restriction) {
    return getOutgoingQueue(flags).stream().filter(restriction::matches).toList();
  }

  /** {@code GetOutgoingQueue}: every queued message, oldest submission first (R18, R19). */
  public List<Row> getOutgoingQueue(int flags) {
    reserved("getOutgoingQueue", flags);
    long now = nowUs();
    List<QueueRow> rows = UnitOfWork.read(connection, "reading the outgoing queue", c -> store.queue().list(c));
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

  /** Queued messages that are due and unlocked, oldest submission first: what to lock next (R34, R79). */
  public List<EntryId> due(int max) {
    long now = nowUs();
    return UnitOfWork.read(
        connection,
        "reading due messages",
        c -> {
          List<EntryId> ids = new ArrayList<>();
          for (long id : store.queue().due(c, now, max)) {
            MessageRecord m = store.messages().findById(c, id);
            if (m != null) {
              ids.add(EntryId.of(m.entryId()));
            }
          }
          return ids;
        });
  }

  /** Opens a queued message for the spooler: writable, and not refused for being submitted or locked. */
  public Message openMessage(EntryId entryId) {
    byte[] id = EntryIds.messageBytes(entryId);
    return UnitOfWork.read(
        connection,
        "opening message " + entryId + " for the spooler",
        c -> {
          MessageRecord m = store.messages().findAnyMailbox(c, id);
          if (m == null) {
            throw new MapiException(MapiError.MAPI_E_NOT_FOUND, "no message " + entryId + " in the store");
          }
          QueueEntry q = store.queue().find(c, m.id());
          MailboxSession session = new MailboxSession(store, connection, store.mailboxById(c, m.mailboxId()));
          return StoreMessage.open(session, m, false, q == null ? 0 : submitFlags(q, nowUs()));
        });
  }

  /**
   * {@code SetLockState}: saves the spooler's pending changes to {@code message} (R27), then locks
   * (R26) or unlocks it. Locking a message another spooler holds, or one not in the queue, fails
   * with MAPI_E_NOT_IN_QUEUE (R30, R31).
   */
  public void setLockState(Message message, int lockState) {
    if (lockState != MSG_LOCKED && lockState != MSG_UNLOCKED) {
      throw new MapiException(MapiError.MAPI_E_INVALID_PARAMETER, "lock state " + lockState + " is neither MSG_LOCKED (1) nor MSG_UNLOCKED (0)");
    }
    if (!(message instanceof StoreMessage m)) {
      throw new MapiException(MapiError.MAPI_E_INVALID_PARAMETER, "setLockState needs a message opened from this store");
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
            throw new MapiException(MapiError.MAPI_E_NOT_IN_QUEUE, "message " + entryId + " is not in the outgoing queue");
          }
          if (lockState == MSG_LOCKED) {
            if (!store.queue().lock(c, record.id(), owner, now, now + lease.toNanos() / 1_000)) {
              throw new MapiException(
                  MapiError.MAPI_E_NOT_IN_QUEUE, "message " + entryId + " is locked by spooler '" + q.lockOwner() + "'");
            }
          } else if (q.lockedAt(now) && !store.queue().unlock(c, record.id(), owner)) {
            throw new MapiException(
                MapiError.MAPI_E_NOT_IN_QUEUE, "message " + entryId + " is locked by spooler '" + q.lockOwner() + "', not by '" + owner + "'");
          }
          return null;
        });
    m.setLockedView(lockState == MSG_LOCKED);
    queueChangedAfterCommit(QueueEvent.Kind.TABLE_ROW_MODIFIED, entryId, m.session().mailbox());
  }

  /**
   * {@code FinishedMsg}: only for a message this spooler has locked (R68). Takes it out of the
   * queue (R70) and applies its disposition (R69, R71), in one transaction, so it runs exactly once.
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
                throw new MapiException(MapiError.MAPI_E_NOT_IN_QUEUE, "message " + entryId + " is not in the outgoing queue");
              }
              if (!q.lockedBy(owner, now)) {
                throw new MapiException(
                    MapiError.MAPI_E_INVALID_PARAMETER, "message " + entryId + " is not locked by spooler '" + owner + "'; lock it before finishedMsg");
              }
              if (!store.queue().deleteLockedBy(c, m.id(), owner)) {
                throw new MapiException(MapiError.MAPI_E_NOT_IN_QUEUE, "message " + entryId + " left the queue meanwhile");
              }
              MailboxRecord box = store.mailboxById(c, m.mailboxId());
              Disposition.apply(store, c, box, m, now);
              return box.name();
            });
    queueChangedAfterCommit(QueueEvent.Kind.TABLE_ROW_DELETED, entryId, mailbox);
  }

  /** {@code NotifyNewMail} (R77): tells the new-mail subscribers of the event's mailbox, after commit. */
  public void notifyNewMail(NewMailEvent event) {
    if (event == null) {
      throw new MapiException(MapiError.MAPI_E_INVALID_PARAMETER, "the new-mail notification is null");
    }
    UnitOfWork.afterCommit(connection, () -> store.events().newMail(event));
  }

  private void queueChangedAfterCommit(QueueEvent.Kind kind, EntryId entryId, String mailbox) {
    UnitOfWork.afterCommit(connection, () -> store.events().queueChanged(new QueueEvent(kind, entryId, mailbox)));
  }

  static int submitFlags(QueueEntry q, long nowUs) {
    return (q.submitFlags() & SubmitFlags.SUBMITFLAG_PREPROCESS) | (q.lockedAt(nowUs) ? SubmitFlags.SUBMITFLAG_LOCKED : 0);
  }

  private long nowUs() {
    return MessageStore.micros(store.clock().instant());
  }

  static void reserved(String method, int flags) {
    if (flags != 0) {
      throw new MapiException(MapiError.MAPI_E_UNKNOWN_FLAGS, String.format("%s flags 0x%08X are reserved and must be 0", method, flags));
    }
  }
}
