package org.msgstore.spooler;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.msgstore.EntryId;
import org.msgstore.MapiError;
import org.msgstore.MapiException;
import org.msgstore.PropTag;
import org.msgstore.Recipient;
import org.msgstore.SubmitFlags;
import org.msgstore.store.HeldMessage;
import org.msgstore.store.MessageStore;
import org.msgstore.store.RecipientOutcome;
import org.msgstore.store.SpoolerSession;

/**
 * Takes one claimed message through {@link Preprocessing}, the {@link HandOff} and then its end: a
 * retry (E1), or its finish (C8, C9). Each delivery thread of the spooler has its own, with its own
 * store connection.
 */
final class MessageDelivery {

  /** Reasons and diagnostics of MAPIDefS.h / EDKMAPI.H used for NDRs the spooler itself decides. */
  static final int MAPI_REASON_TRANSFER_FAILED = 0;

  static final int MAPI_REASON_TRANSFER_IMPOSSIBLE = 1;
  static final int MAPI_DIAG_OR_NAME_UNRECOGNIZED = 0;
  static final int MAPI_DIAG_MAXIMUM_TIME_EXPIRED = 5;

  /** Where a delivery reports what it did. */
  interface Events {
    void emit(SpoolerEvent.Kind kind, EntryId id, String detail);
  }

  private final SpoolerConnection connection;
  private final SpoolerSession session;
  private final TransportChain transports;
  private final RetryPolicy retry;
  private final Clock clock;
  private final Preprocessing preprocessing;
  private final Events events;
  private final HandOff handOff;
  private final Finishing finishing;
  private final Consumer<Instant> dueAgain;
  private final OwedReleases owed;

  MessageDelivery(
      MessageStore store,
      SpoolerConnection connection,
      SpoolerSession session,
      TransportChain transports,
      RetryPolicy retry,
      Events events) {
    this(store, connection, session, transports, retry, events, due -> {});
  }

  /**
   * @param dueAgain told, after the commit, when a message a transport held back (throttled) or
   *     deferred (a retry) is due again, so that the spooler looks at the queue then rather than at
   *     its next poll
   */
  MessageDelivery(
      MessageStore store,
      SpoolerConnection connection,
      SpoolerSession session,
      TransportChain transports,
      RetryPolicy retry,
      Events events,
      Consumer<Instant> dueAgain) {
    this(store, connection, session, transports, retry, events, dueAgain, null);
  }

  /**
   * @param owed where a release that could not be written is noted, to be written once the store
   *     answers again; null: such a message waits for its lease to lapse
   */
  MessageDelivery(
      MessageStore store,
      SpoolerConnection connection,
      SpoolerSession session,
      TransportChain transports,
      RetryPolicy retry,
      Events events,
      Consumer<Instant> dueAgain,
      OwedReleases owed) {
    this.dueAgain = dueAgain;
    this.owed = owed;
    this.connection = connection;
    this.session = session;
    this.transports = transports;
    this.retry = retry;
    this.clock = store.clock();
    this.events = events;
    this.preprocessing = new Preprocessing(store, session, clock, events);
    this.handOff =
        new HandOff(
            transports,
            clock,
            events,
            address -> store.suppressionList().find(connection, address));
    this.finishing =
        new Finishing(
            connection,
            session,
            preprocessing,
            clock,
            events,
            (p, e) -> failed(p.id(), p.claimedAt(), e));
  }

  /**
   * A message every open recipient of which has its final verdict, so that all that is left is its
   * finish (outcomes, reports, queue removal, disposition). It holds the message open.
   *
   * @param preprocessed whether the message carries {@code PR_PREPROCESS}: then its preprocessors'
   *     {@code RemovePreprocessInfo} run first (R51), and it finishes from its rows as stored,
   *     since preprocessing recorded verdicts after it was opened
   * @param claimedAt when this node claimed the message (or earlier); null if unknown
   */
  record PendingFinish(
      EntryId id,
      HeldMessage message,
      List<RecipientOutcome> outcomes,
      boolean preprocessed,
      Instant claimedAt) {}

  /**
   * Takes one claimed message through preprocessing and the transports. Returns its plain finish
   * for the caller to commit, possibly together with others' ({@link #finishTogether}); returns
   * null when the attempt already recorded its end itself (a retry, a preprocessed message, a
   * failure, a lost lease).
   */
  PendingFinish attempt(EntryId id) {
    return attempt(id, null);
  }

  /**
   * {@link #attempt(EntryId)} of a message this node claimed at {@code claimedAt} (or later): if
   * its release cannot be written because the store does not answer, it is owed ({@link
   * OwedReleases}) while the lease taken then holds.
   */
  PendingFinish attempt(EntryId id, Instant claimedAt) {
    HeldMessage m = null;
    try {
      m = session.openHeld(id);
      boolean preprocessed = Boolean.TRUE.equals(m.message().get(PropTag.PR_PREPROCESS));
      List<Recipient> rows = m.message().getRecipients();
      if ((m.message().get(PropTag.PR_SUBMIT_FLAGS, 0) & SubmitFlags.SUBMITFLAG_PREPROCESS) != 0) {
        rows = preprocessing.run(id, m);
      }
      Instant now = clock.instant();
      Verdicts verdicts = handOff.offer(id, m, rows);
      if (verdicts.allDecided() && !preprocessed) {
        PendingFinish pending = new PendingFinish(id, m, verdicts.outcomes(), false, claimedAt);
        m = null; // the pending finish holds it now
        return pending;
      }
      // What the transports said is stored in one transaction: verdicts, the provider submit time,
      // then either the release for a retry or the finish.
      HeldMessage held = m;
      List<Recipient> read = rows;
      connection.inOneTransaction(
          () -> {
            settle(id, claimedAt, held, preprocessed, read, verdicts, now);
            return null;
          });
      return null;
    } catch (RuntimeException e) {
      failed(id, claimedAt, e);
      return null;
    } catch (Error e) {
      // This is the per-message boundary of a long-running Work: an Error thrown for one message
      // (a transport's stack overflow on its content, the heap its rendering would need, a class a
      // plug-in lacks) must not leave that message locked, uncounted and re-claimed every lease,
      // nor end the delivery thread and stall the messages behind it. It is not swallowed: it is
      // logged with its code and stack, kept as the message's last error, and counts as a failed
      // attempt (see failedAttempt for when it is given up). If recording it fails too (the heap
      // is really exhausted), that Error goes on up to the container.
      failed(id, claimedAt, e);
      return null;
    } finally {
      if (m != null) {
        m.close();
      }
    }
  }

  /**
   * Commits the plain finishes of a run as one transaction ({@link Finishing#finishTogether});
   * closes every message.
   */
  void finishTogether(List<PendingFinish> pending) {
    finishing.finishTogether(pending);
  }

  /**
   * The end of a delivery that did not leave every recipient decided at once, or of a preprocessed
   * one, in the delivery's one transaction: recipients still open either wait for a retry (E1) or,
   * past the message's end, fail with it (R67); otherwise the message finishes.
   */
  private void settle(
      EntryId id,
      Instant claimedAt,
      HeldMessage m,
      boolean preprocessed,
      List<Recipient> rows,
      Verdicts v,
      Instant now) {
    List<RecipientOutcome> outcomes = new ArrayList<>(v.outcomes());
    List<String> deferReasons = new ArrayList<>(v.deferReasons());
    List<Integer> waiting = new ArrayList<>();
    boolean outOfService = false;
    for (Recipient r : rows) { // nothing was recorded since they were read: the same rows
      if (r.responsibility() || outcomes.stream().anyMatch(o -> o.rowId() == r.rowId())) {
        continue;
      }
      if (!v.unclaimed().containsKey(r.rowId())) {
        waiting.add(r.rowId()); // a transport deferred it
      } else if (transports.outOfServiceClaims(r.addressType())) {
        waiting.add(r.rowId());
        outOfService = true;
        deferReasons.add(r.address() + ": its transport is out of service");
      } else {
        outcomes.add(
            new RecipientOutcome.Failed(
                r.rowId(),
                "no transport accepts address type " + r.addressType(),
                MAPI_REASON_TRANSFER_IMPOSSIBLE,
                MAPI_DIAG_OR_NAME_UNRECOGNIZED,
                clock.instant()));
        afterCommit(SpoolerEvent.Kind.FAILED, id, r.address() + ": unclaimed");
      }
    }
    if (!waiting.isEmpty()) {
      String reasons = String.join("; ", deferReasons);
      boolean onlyHeld = v.heldFor() != null && !outOfService;
      Optional<Instant> next =
          onlyHeld
              ? retry.heldUntil(session.queueState(id), m.message(), now, v.heldFor())
              : retry.nextTry(session.queueState(id), m.message(), now, v.askedDelay());
      if (next.isPresent()) {
        finishing.stampProviderSubmitTime(m, outcomes);
        session.recordOutcomes(id, outcomes);
        if (onlyHeld) {
          // No attempt counted and no back-off grown: it waits for its turn at the relay or the
          // domain, and comes back as soon as that is due (dueAgain wakes the loop then).
          session.postpone(id, next.get(), reasons);
          Instant due = next.get();
          connection.afterCommit(() -> dueAgain.accept(due));
          afterCommit(SpoolerEvent.Kind.DEFERRED, id, reasons);
          afterCommit(SpoolerEvent.Kind.THROTTLED, id, reasons);
        } else {
          session.release(id, next.get(), reasons);
          // Retried at its time, not at the poll after it (this node's retries; another node's
          // are seen at the poll).
          Instant due = next.get();
          connection.afterCommit(() -> dueAgain.accept(due));
          afterCommit(SpoolerEvent.Kind.DEFERRED, id, reasons);
        }
        return;
      }
      for (int row : waiting) {
        outcomes.add(
            new RecipientOutcome.Failed(
                row,
                "not delivered before the message expired; last error: " + reasons,
                MAPI_REASON_TRANSFER_FAILED,
                MAPI_DIAG_MAXIMUM_TIME_EXPIRED,
                clock.instant()));
      }
    }
    finishing.finish(new PendingFinish(id, m, outcomes, preprocessed, claimedAt));
  }

  /**
   * Reports an event once the delivery's transaction committed (at once outside one): never for
   * work rolled back.
   */
  private void afterCommit(SpoolerEvent.Kind kind, EntryId id, String detail) {
    connection.afterCommit(() -> events.emit(kind, id, detail));
  }

  /**
   * A claimed message that was not attempted because whether this node still holds it could not be
   * learnt (renewing its lease failed): a failed attempt, so it is released, or its release owed.
   */
  void notAttempted(EntryId id, Instant claimedAt, RuntimeException e) {
    failed(id, claimedAt, e);
  }

  /**
   * An attempt that ended in an exception or an {@link Error}: a lost lease is only reported,
   * anything else retried.
   */
  private void failed(EntryId id, Instant claimedAt, Throwable e) {
    if (notHeld(e)) {
      events.emit(SpoolerEvent.Kind.LEASE_LOST, id, e.getMessage());
      return;
    }
    failedAttempt(id, claimedAt, e);
  }

  private static boolean notHeld(Throwable e) {
    return e instanceof MapiException me && me.error() == MapiError.MAPI_E_NOT_IN_QUEUE;
  }

  /**
   * An attempt that went wrong as a whole: back off and keep the error on the message, or, when
   * {@link RetryPolicy#retryAfterFailure} gives it up, fail it with an NDR: unreadable data, and a
   * message whose delivery overflowed the stack, are never retried forever.
   */
  private void failedAttempt(EntryId id, Instant claimedAt, Throwable e) {
    events.emit(SpoolerEvent.Kind.UNEXPECTED_ERROR, id, e.toString());
    if (e instanceof Error) {
      SpoolerLog.errorAtDelivery(id, e);
    } else {
      SpoolerLog.attemptFailed(id, e);
    }
    // When the store cannot tell how often the message was tried (it does not answer), it is due
    // again at once: the failure was the store's, not the message's.
    Instant due = clock.instant();
    // Whether a write was sent: its outcome is then unknown (it may have committed and only the
    // answer been lost), so the release is not owed, or a late payment could unlock the message
    // after this node claimed it again; the lease bounds the wait instead.
    boolean writeSent = false;
    try {
      // A stack overflow is given up like damaged data: the message's content will overflow it
      // again. A missing class or an exhausted heap says nothing about this message (every message
      // would throw it while the server is short of a library or of memory): it is retried with
      // back-off until the queue lifetime, so a server problem never turns the queue into NDRs.
      boolean damaged =
          e instanceof StackOverflowError
              || e instanceof MapiException m && m.error() == MapiError.MAPI_E_CORRUPT_DATA;
      Optional<Instant> next =
          retry.retryAfterFailure(session.queueState(id), damaged, clock.instant());
      if (next.isEmpty()) {
        writeSent = true;
        finishing.reportsWritten(
            id, session.failUnreadable(id, "the message could not be processed: " + e));
        return;
      }
      due = next.get();
      writeSent = true;
      session.release(id, due, e.toString());
    } catch (RuntimeException again) {
      // Not held any more: nothing to release. Otherwise the store did not answer its read: the
      // release is written once it answers again (a message to be given up is given up at its
      // next attempt).
      boolean owes =
          !writeSent
              && !notHeld(again)
              && owed != null
              && claimedAt != null
              && owed.owe(id, claimedAt, due, e.toString());
      SpoolerLog.messageNotReleased(id, owes, again);
    }
  }
}
