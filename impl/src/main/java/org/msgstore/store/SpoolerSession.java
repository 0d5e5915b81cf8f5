package org.msgstore.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.msgstore.EntryId;
import org.msgstore.MapiError;
import org.msgstore.MapiException;
import org.msgstore.Message;
import org.msgstore.PropTag;
import org.msgstore.Restriction;
import org.msgstore.Row;
import org.msgstore.SubmitFlags;
import org.msgstore.inflow.NewMailEvent;
import org.msgstore.spi.Preprocessor;
import org.msgstore.store.jdbc.MessageRecord;
import org.msgstore.store.jdbc.QueueEntry;

/**
 * The store as the spooler sees it ({@code IMSProvider::SpoolerLogon}): the entry object that
 * carries the spooler-only MAPI methods ({@code GetOutgoingQueue}, {@code SetLockState}, {@code
 * FinishedMsg}, {@code NotifyNewMail}) and the spooler's other calls, each handed to the part that
 * does that job: {@link OutgoingQueue} (reading the queue), {@link Leases} (locks), {@link
 * HeldMessageUpdates} and {@link MessageEndings} (a held message's verdicts and end), {@link
 * GeneratedSubmission} (R49). A lock is a lease named after this session's owner; it lapses by
 * itself if the owner dies (R33).
 */
public final class SpoolerSession {
  public static final int MSG_UNLOCKED = 0x0;
  public static final int MSG_LOCKED = 0x1;

  private final SpoolerScope scope;
  private final OutgoingQueue queue;
  private final Leases leases;
  private final HeldMessageUpdates updates;
  private final MessageEndings endings;
  private final GeneratedSubmission generated;
  private final NodeNames nodeNames;

  SpoolerSession(MessageStore store, StoreConnection connection, String owner, Duration lease) {
    this.scope = new SpoolerScope(store, connection, owner, lease);
    this.queue = new OutgoingQueue(scope);
    this.leases = new Leases(scope);
    this.updates = new HeldMessageUpdates(scope);
    this.endings = new MessageEndings(scope);
    this.generated = new GeneratedSubmission(store, connection);
    this.nodeNames = new NodeNames(scope);
  }

  public String owner() {
    return scope.owner();
  }

  // --- the queue (OutgoingQueue) ---

  /**
   * The queued messages matching {@code restriction}, in queue order (R22: restrictable on
   * PR_SPOOLER_STATUS).
   */
  public List<Row> getOutgoingQueue(int flags, Restriction restriction) {
    return queue.getOutgoingQueue(flags, restriction);
  }

  /** {@code GetOutgoingQueue}: every queued message, oldest submission first (R18, R19). */
  public List<Row> getOutgoingQueue(int flags) {
    return queue.getOutgoingQueue(flags);
  }

  /**
   * Queued messages that are due and unlocked, oldest submission first: what to lock next (R34,
   * R79).
   */
  public List<EntryId> due(int max) {
    return queue.due(max);
  }

  /**
   * The first {@code max} queued messages in queue order with their state: LOCKED (a spooler works
   * on it), DEFERRED (tried, waiting for its next attempt), WAITING (deferred send time not
   * reached) or QUEUED (due now).
   */
  public List<QueueItem> queueItems(int max) {
    return queue.queueItems(max);
  }

  /**
   * When the earliest queued message that was not due at {@code after} comes due (sent later, or
   * deferred for a retry), or null if none waits: how a spooler learns of due times nobody
   * announced to it. A time already past is returned too, so a message that came due between a
   * claim at {@code after} and this read is not missed.
   */
  public Instant nextDue(Instant after) {
    return queue.nextDue(after);
  }

  /** Messages in the outgoing queue right now, locked or not. */
  public int queueDepth() {
    return queue.queueDepth();
  }

  /** Attempts and last error of a queued message, for retries and for operators; null if none. */
  public QueueState queueState(EntryId entryId) {
    return queue.queueState(entryId);
  }

  /** One queued message as an operator sees it. */
  public record QueueItem(
      EntryId entryId,
      String mailbox,
      String subject,
      String state,
      int attempts,
      Instant nextAttempt,
      String lastError,
      String lockedBy) {}

  /** What the queue knows of a message's attempts so far. */
  public record QueueState(int attempts, String lastError, Instant submitted, Instant due) {}

  // --- opening a queued message ---

  /**
   * Opens a queued message for the spooler: writable, and not refused for being submitted or
   * locked.
   */
  public Message openMessage(EntryId entryId) {
    return open(entryId);
  }

  /** Opens a message this spooler claimed, to work on it and hand it back at its end. */
  public HeldMessage openHeld(EntryId entryId) {
    return new HeldMessage(open(entryId));
  }

  private StoreMessage open(EntryId entryId) {
    byte[] id = EntryIds.messageBytes(entryId);
    MessageStore store = scope.store();
    return UnitOfWork.read(
        scope.connection(),
        "opening message " + entryId + " for the spooler",
        c -> {
          MessageRecord m = store.messages().findAnyMailbox(c, id);
          if (m == null) {
            throw new MapiException(
                MapiError.MAPI_E_NOT_FOUND, "no message " + entryId + " in the store");
          }
          QueueEntry q = store.queue().find(c, m.id());
          MailboxSession session =
              new MailboxSession(store, scope.connection(), store.mailboxById(c, m.mailboxId()));
          return StoreMessage.open(
              session, c, m, false, q == null ? 0 : submitFlags(q, scope.nowUs()));
        });
  }

  // --- leases (Leases) ---

  /**
   * Locks up to {@code max} due messages for this spooler, oldest submission first (R19, R34), each
   * with a fresh lease. Messages another spooler takes in between are skipped.
   */
  public List<EntryId> claim(int max) {
    return leases.claim(max);
  }

  /**
   * {@code SetLockState}: saves the spooler's pending changes to {@code message} (R27), then locks
   * (R26) or unlocks it. Locking a message another spooler holds, or one not in the queue, fails
   * with MAPI_E_NOT_IN_QUEUE (R30, R31). MAPI passes the message as the interface, so this is where
   * it is checked to be one this store opened.
   */
  public void setLockState(Message message, int lockState) {
    Leases.checkLockState(lockState);
    if (!(message instanceof StoreMessage m)) {
      throw new MapiException(
          MapiError.MAPI_E_INVALID_PARAMETER,
          "setLockState needs a message opened from this store");
    }
    leases.setLockState(m, lockState);
  }

  /** Renews this spooler's lease on a message it is working on; false when the lease was lost. */
  public boolean renewLease(EntryId entryId) {
    return leases.renewLease(entryId);
  }

  /**
   * Gives a message this spooler holds back to the queue, unlocked, due again at {@code due}, with
   * the reason kept (spec E1: recipients remain that no transport could take now).
   */
  public void release(EntryId entryId, Instant due, String lastError) {
    leases.release(entryId, due, lastError);
  }

  /**
   * Gives back a message a transport's flow control held back (a rate limit, a relay slowing down):
   * unlocked, due again at {@code due}, the reason kept, but not counted as an attempt.
   */
  public void postpone(EntryId entryId, Instant due, String lastError) {
    leases.postpone(entryId, due, lastError);
  }

  /**
   * Whether a {@link #claim} of this session failed after it sent its locks (the store went away
   * before it confirmed the commit), so that messages may be locked under this node's name that
   * nobody works on; no store call.
   */
  public boolean hasUnconfirmedClaims() {
    return leases.hasUnconfirmedClaims();
  }

  /**
   * Releases what this session's unconfirmed claims may have locked: this node's leases that end
   * exactly where such a claim's do and still hold. Returns how many; when the store fails, the
   * rest is kept for the next call.
   */
  public int releaseUnconfirmedClaims() {
    return leases.releaseUnconfirmedClaims();
  }

  /** Releases every lease this spooler holds: an orderly stop leaves nothing locked (F1). */
  public int unlockAll() {
    return leases.unlockAll();
  }

  // --- the node name (NodeNames) ---

  /**
   * What {@link #takeNodeName} found.
   *
   * @param taken whether this incarnation now holds the node name
   * @param leasesReleased leases of the previous, dead incarnation released with it
   * @param other the incarnation that held the name before (taken) or holds it (not taken); null if
   *     none
   */
  public record NodeTakeOver(boolean taken, int leasesReleased, NodeIncarnation other) {}

  /**
   * One incarnation of a node name: its id, the host it ran on, when it started and when it last
   * showed it was alive (the epoch after an orderly stop).
   */
  public record NodeIncarnation(String id, String host, Instant started, Instant heartbeat) {}

  /**
   * Takes this spooler's node name for {@code incarnation} when no live incarnation holds it (none
   * did, or its heartbeat is older than {@code staleAfter}) and releases the dead one's leases in
   * the same transaction, so its in-flight messages are claimed again at once.
   */
  public NodeTakeOver takeNodeName(String incarnation, String host, Duration staleAfter) {
    return nodeNames.take(incarnation, host, staleAfter);
  }

  /** Records that {@code incarnation} is alive; false when another incarnation took the name. */
  public boolean nodeHeartbeat(String incarnation) {
    return nodeNames.beat(incarnation);
  }

  /**
   * How many spooler nodes showed they are alive within {@code staleAfter} (this one included once
   * it holds its name).
   */
  public int liveNodes(Duration staleAfter) {
    return nodeNames.live(staleAfter);
  }

  /** Records an orderly stop of {@code incarnation}: the next one takes the name at once. */
  public void nodeStopped(String incarnation) {
    nodeNames.stopped(incarnation);
  }

  // --- a held message's verdicts and end (HeldMessageUpdates, MessageEndings) ---

  /**
   * Records verdicts on recipients of a message this spooler holds: each becomes {@code
   * PR_RESPONSIBILITY = TRUE} in the same transaction that stores its outcome (R52, R56, R73).
   */
  public void recordOutcomes(EntryId entryId, List<RecipientOutcome> outcomes) {
    updates.recordOutcomes(entryId, outcomes);
  }

  /**
   * The spooler's {@code SubmitMessage} after preprocessing (spec B3, R48): clears
   * SUBMITFLAG_PREPROCESS; the message stays locked and keeps its client submit time.
   */
  public void completePreprocessing(HeldMessage message) {
    updates.completePreprocessing(message);
  }

  /**
   * {@code FinishedMsg}: only for a message this spooler has locked (R68). Takes it out of the
   * queue (R70) and applies its disposition (R69, R71), in one transaction, so it runs exactly
   * once.
   */
  public void finishedMsg(int flags, EntryId entryId) {
    reserved("finishedMsg", flags);
    endings.finishedMsg(entryId);
  }

  /**
   * Finishes a message every recipient of which is dealt with, from its rows as stored: the reports
   * {@link ReportPolicy} says it owes, then what {@link #finishedMsg} does, all in one transaction
   * (R57, R58, R69, R73). Reports raise new mail after commit (R78); they are returned.
   */
  public List<NewMailEvent> finishWithReports(EntryId entryId, OriginalRendition rendition) {
    return endings.finishWithReports(entryId, () -> rendition);
  }

  /**
   * The end of an attempt that left no recipient waiting, in one transaction (spec C, C8, C9), from
   * what {@code message} read when it was opened; see {@link MessageEndings#finishDelivered}.
   * Raises new mail for the reports after commit and returns them.
   */
  public List<NewMailEvent> finishDelivered(
      HeldMessage message, List<RecipientOutcome> outcomes, Supplier<OriginalRendition> rendition) {
    return endings.finishDelivered(message, outcomes, rendition);
  }

  /**
   * Gives up on a message whose data cannot be read: every recipient not yet dealt with gets an NDR
   * with the reason, the message leaves the queue and stays where it is, no longer submitted.
   */
  public List<NewMailEvent> failUnreadable(EntryId entryId, String reason) {
    return endings.failUnreadable(entryId, reason);
  }

  // --- generated messages and new mail ---

  /**
   * Queues a message a preprocessor generated (R49): created in the Outbox of the original's
   * mailbox and submitted by the spooler itself, without being preprocessed again.
   */
  public EntryId submitGenerated(
      EntryId original,
      Map<PropTag<?>, Object> properties,
      List<Preprocessor.NewRecipient> recipients) {
    return generated.submit(original, properties, recipients);
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
    scope.newMailAfterCommit(event);
  }

  /** PR_SUBMIT_FLAGS of a queued message as a reader sees it at {@code nowUs}. */
  static int submitFlags(QueueEntry q, long nowUs) {
    return (q.submitFlags() & SubmitFlags.SUBMITFLAG_PREPROCESS)
        | (q.lockedAt(nowUs) ? SubmitFlags.SUBMITFLAG_LOCKED : 0);
  }

  static void reserved(String method, int flags) {
    if (flags != 0) {
      throw new MapiException(
          MapiError.MAPI_E_UNKNOWN_FLAGS,
          String.format("%s flags 0x%08X are reserved and must be 0", method, flags));
    }
  }
}
