package org.msgstore.store;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.msgstore.EntryId;
import org.msgstore.MapiError;
import org.msgstore.MapiException;
import org.msgstore.store.jdbc.QueueEntry;
import org.msgstore.store.jdbc.QueueRepository;

/**
 * The spooler's locks on queued messages. A lock is a lease named after the scope's owner: it
 * lapses by itself if the owner dies (R33), and only the owner renews, releases or unlocks it.
 */
final class Leases {
  /** The most unconfirmed claims kept; past it the oldest's locks lapse with their lease. */
  static final int UNCONFIRMED_CLAIMS = 16;

  private final SpoolerScope scope;

  /**
   * The lease ends of this session's claims whose locks were sent but whose commit the store did
   * not confirm (it went away): they may have committed. Guarded by itself.
   */
  private final Deque<Long> unconfirmed = new ArrayDeque<>();

  Leases(SpoolerScope scope) {
    this.scope = scope;
  }

  /**
   * Locks up to {@code max} due messages, oldest submission first (R19, R34), each with a fresh
   * lease. Messages another spooler takes in between are skipped.
   */
  List<EntryId> claim(int max) {
    long now = scope.nowUs();
    long until = scope.leaseUntil(now);
    boolean[] sent = {false};
    List<EntryId> claimed;
    try {
      claimed = claim(max, now, until, sent);
    } catch (RuntimeException e) {
      if (sent[0]) {
        unconfirmed(until);
      }
      throw e;
    }
    for (EntryId id : claimed) {
      scope.queueChangedAfterCommit(QueueEvent.Kind.TABLE_ROW_MODIFIED, id, null);
    }
    return claimed;
  }

  /** {@link #claim(int)}'s transaction; sets {@code sent[0]} once locks are sent. */
  private List<EntryId> claim(int max, long now, long until, boolean[] sent) {
    return UnitOfWork.run(
        scope.connection(),
        "claiming due messages",
        c -> {
          // One query for the due rows with their entry ids, one batch for the locks.
          List<QueueRepository.Due> due = scope.store().queue().due(c, now, max);
          sent[0] = !due.isEmpty();
          boolean[] locked =
              scope
                  .store()
                  .queue()
                  .lockAll(
                      c,
                      due.stream().map(QueueRepository.Due::messageId).toList(),
                      scope.owner(),
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
  }

  private void unconfirmed(long until) {
    synchronized (unconfirmed) {
      if (unconfirmed.size() >= UNCONFIRMED_CLAIMS) {
        unconfirmed.removeFirst();
      }
      unconfirmed.addLast(until);
    }
  }

  /** Whether a claim's outcome is unknown; no store call. */
  boolean hasUnconfirmedClaims() {
    synchronized (unconfirmed) {
      return !unconfirmed.isEmpty();
    }
  }

  /**
   * Releases what this session's unconfirmed claims may have locked: this owner's leases that end
   * exactly where such a claim's would (nobody learnt their messages, so nobody renewed them) and
   * still hold. Returns how many; a failure of the store leaves the rest for the next call.
   */
  int releaseUnconfirmedClaims() {
    int released = 0;
    while (true) {
      Long until;
      synchronized (unconfirmed) {
        until = unconfirmed.peekFirst();
      }
      if (until == null) {
        return released;
      }
      long now = scope.nowUs();
      if (until >= now) {
        released +=
            UnitOfWork.run(
                scope.connection(),
                "releasing the locks of an unconfirmed claim",
                c -> scope.store().queue().unlockClaim(c, scope.owner(), until, now));
      }
      synchronized (unconfirmed) {
        unconfirmed.remove(until);
      }
    }
  }

  /** Saves the spooler's pending changes (R27), then locks (R26) or unlocks the message. */
  /** SetLockState's first check, before it looks at the message. */
  static void checkLockState(int lockState) {
    if (lockState != SpoolerSession.MSG_LOCKED && lockState != SpoolerSession.MSG_UNLOCKED) {
      throw new MapiException(
          MapiError.MAPI_E_INVALID_PARAMETER,
          "lock state " + lockState + " is neither MSG_LOCKED (1) nor MSG_UNLOCKED (0)");
    }
  }

  void setLockState(StoreMessage m, int lockState) {
    checkLockState(lockState);
    boolean lock = lockState == SpoolerSession.MSG_LOCKED;
    EntryId entryId = m.entryId();
    if (m.hasPendingChanges()) {
      m.saveChanges();
    }
    long now = scope.nowUs();
    String owner = scope.owner();
    UnitOfWork.run(
        scope.connection(),
        (lock ? "locking " : "unlocking ") + entryId,
        c -> {
          QueuedMessage found = QueuedMessage.find(scope.store(), c, entryId);
          if (found == null || !found.queued()) {
            throw new MapiException(
                MapiError.MAPI_E_NOT_IN_QUEUE,
                "message " + entryId + " is not in the outgoing queue");
          }
          QueueEntry q = found.queue();
          if (lock) {
            if (!scope
                .store()
                .queue()
                .lock(c, found.messageId(), owner, now, scope.leaseUntil(now))) {
              throw new MapiException(
                  MapiError.MAPI_E_NOT_IN_QUEUE,
                  "message " + entryId + " is locked by spooler '" + q.lockOwner() + "'");
            }
          } else if (q.lockedAt(now)
              && !scope.store().queue().unlock(c, found.messageId(), owner)) {
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
    m.setLockedView(lock);
    scope.queueChangedAfterCommit(
        QueueEvent.Kind.TABLE_ROW_MODIFIED, entryId, m.session().mailbox());
  }

  /** Renews the lease on a message this spooler holds; false when the lease was lost. */
  boolean renewLease(EntryId entryId) {
    long now = scope.nowUs();
    return UnitOfWork.run(
        scope.connection(),
        "renewing the lease on " + entryId,
        c -> {
          QueuedMessage m = QueuedMessage.find(scope.store(), c, entryId);
          return m != null
              && m.heldBy(scope.owner(), now)
              && scope
                  .store()
                  .queue()
                  .lock(c, m.messageId(), scope.owner(), now, scope.leaseUntil(now));
        });
  }

  /**
   * Gives a message this spooler holds back to the queue, unlocked, due again at {@code due}, with
   * the reason kept (spec E1).
   */
  void release(EntryId entryId, Instant due, String lastError) {
    release(entryId, due, lastError, true);
  }

  /**
   * Gives back a message that only waits its turn (a transport's flow control held it): due again
   * at {@code due}, the attempt not counted.
   */
  void postpone(EntryId entryId, Instant due, String lastError) {
    release(entryId, due, lastError, false);
  }

  private void release(EntryId entryId, Instant due, String lastError, boolean counted) {
    long now = scope.nowUs();
    String mailbox =
        UnitOfWork.run(
            scope.connection(),
            "releasing " + entryId,
            c -> {
              QueuedMessage m = QueuedMessage.held(scope, c, entryId, now);
              if (counted) {
                scope
                    .store()
                    .queue()
                    .release(c, m.messageId(), scope.owner(), MessageStore.micros(due), lastError);
              } else {
                scope
                    .store()
                    .queue()
                    .postpone(c, m.messageId(), scope.owner(), MessageStore.micros(due), lastError);
              }
              return scope.store().mailboxById(c, m.mailboxId()).name();
            });
    scope.queueChangedAfterCommit(QueueEvent.Kind.TABLE_ROW_MODIFIED, entryId, mailbox);
  }

  /** Releases every lease this spooler holds: an orderly stop leaves nothing locked (F1). */
  int unlockAll() {
    return UnitOfWork.run(
        scope.connection(),
        "releasing the locks of spooler '" + scope.owner() + "'",
        c -> scope.store().queue().unlockAll(c, scope.owner()));
  }
}
