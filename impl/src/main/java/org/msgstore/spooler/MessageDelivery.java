package org.msgstore.spooler;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.msgstore.EntryId;
import org.msgstore.MapiError;
import org.msgstore.MapiException;
import org.msgstore.Message;
import org.msgstore.PropTag;
import org.msgstore.Recipient;
import org.msgstore.SubmitFlags;
import org.msgstore.spi.DeliveryResult;
import org.msgstore.spi.OutboundRecipient;
import org.msgstore.spi.Preprocessor;
import org.msgstore.spi.TransportProvider;
import org.msgstore.store.MessageStore;
import org.msgstore.store.RecipientOutcome;
import org.msgstore.store.SpoolerSession;

/**
 * Takes one claimed message through preprocessing, hand-off, verdicts, retry or reports and finish.
 * Each delivery thread of the spooler has its own, with its own store connection.
 */
final class MessageDelivery {
  private static final Logger LOG = Logger.getLogger(MessageDelivery.class.getName());

  /** Reasons and diagnostics of MAPIDefS.h / EDKMAPI.H used for NDRs the spooler itself decides. */
  static final int MAPI_REASON_TRANSFER_FAILED = 0;

  static final int MAPI_REASON_TRANSFER_IMPOSSIBLE = 1;
  static final int MAPI_DIAG_OR_NAME_UNRECOGNIZED = 0;
  static final int MAPI_DIAG_MAXIMUM_TIME_EXPIRED = 5;

  /** Failures of a whole attempt (not verdicts of a transport) before the message is given up. */
  static final int MAX_FAILED_ATTEMPTS = 3;

  /** Where a delivery reports what it did. */
  interface Events {
    void emit(SpoolerEvent.Kind kind, EntryId id, String detail);
  }

  private final MessageStore store;
  private final SpoolerConnection connection;
  private final SpoolerSession session;
  private final TransportChain transports;
  private final RetryPolicy retry;
  private final Clock clock;
  private final Events events;

  MessageDelivery(
      MessageStore store,
      SpoolerConnection connection,
      SpoolerSession session,
      TransportChain transports,
      RetryPolicy retry,
      Events events) {
    this.store = store;
    this.connection = connection;
    this.session = session;
    this.transports = transports;
    this.retry = retry;
    this.clock = store.clock();
    this.events = events;
  }

  /**
   * A message whose every open recipient has its final verdict, so that all that is left is its
   * plain finish (outcomes, reports, queue removal, disposition). It holds the message open.
   */
  record PendingFinish(EntryId id, Message message, List<RecipientOutcome> outcomes) {}

  /**
   * Takes one claimed message through preprocessing and the transports. Returns its plain finish
   * for the caller to commit, possibly together with others' ({@link #finishTogether}); returns
   * null when the attempt already recorded its end itself (a retry, a preprocessed message, a
   * failure, a lost lease).
   */
  PendingFinish attempt(EntryId id) {
    Message m = null;
    try {
      m = session.openMessage(id);
      List<Recipient> rows = m.getRecipients();
      if ((m.get(PropTag.PR_SUBMIT_FLAGS, 0) & SubmitFlags.SUBMITFLAG_PREPROCESS) != 0) {
        preprocess(id, m);
        // Preprocessing may have marked recipients undeliverable: read the rows as stored now.
        try (Message stored = session.openMessage(id)) {
          rows = stored.getRecipients();
        }
      }
      PendingFinish pending = handOff(id, m, rows);
      if (pending != null) {
        m = null; // the pending finish holds it now
      }
      return pending;
    } catch (RuntimeException e) {
      failed(id, e);
      return null;
    } finally {
      if (m != null) {
        m.close();
      }
    }
  }

  /**
   * Commits the plain finishes of several deliveries as one transaction: one write of the store's
   * pages instead of one per message. If that transaction fails (a message's lease lapsed, say),
   * nothing of it is kept and each is finished in a transaction of its own, so one message never
   * holds back the others.
   */
  void finishTogether(List<PendingFinish> pending) {
    try {
      if (pending.size() == 1 || !finishedInOneTransaction(pending)) {
        pending.forEach(this::finishAlone);
      }
    } finally {
      pending.forEach(p -> p.message().close());
    }
  }

  /** Whether all of {@code pending} finished in one transaction; on false none of it was kept. */
  private boolean finishedInOneTransaction(List<PendingFinish> pending) {
    try {
      connection.inOneTransaction(
          () -> {
            pending.forEach(this::finishDelivered);
            return null;
          });
      return true;
    } catch (RuntimeException e) {
      LOG.log(
          Level.FINE,
          "finishing " + pending.size() + " deliveries together failed; finishing each on its own",
          e);
      return false;
    }
  }

  private void finishAlone(PendingFinish p) {
    try {
      connection.inOneTransaction(
          () -> {
            finishDelivered(p);
            return null;
          });
    } catch (RuntimeException e) {
      failed(p.id(), e);
    }
  }

  /**
   * The common end: outcomes, reports, queue removal and disposition from what was read at open.
   */
  private void finishDelivered(PendingFinish p) {
    reportsWritten(
        p.id(),
        session.finishDelivered(p.message(), p.outcomes(), () -> Rfc822Rendition.of(p.message())));
    afterCommit(SpoolerEvent.Kind.FINISHED, p.id(), null);
  }

  /**
   * An attempt that ended in an exception: a lost lease is only reported, anything else retried.
   */
  private void failed(EntryId id, RuntimeException e) {
    if (e instanceof MapiException me && me.error() == MapiError.MAPI_E_NOT_IN_QUEUE) {
      events.emit(SpoolerEvent.Kind.LEASE_LOST, id, e.getMessage());
      return;
    }
    failedAttempt(id, e);
  }

  /** Phase B: preprocessors that apply, in registration order (R45–R47, R50), then B3 (R48). */
  private void preprocess(EntryId id, Message m) throws MapiException {
    PreprocessView view = new PreprocessView(m, session.mailboxOf(m));
    List<RecipientOutcome> undeliverable = new ArrayList<>();
    List<Preprocessor.ExtraMessage> extras = new ArrayList<>();
    for (Preprocessor p : store.submitSupport().preprocessors()) {
      if (!applies(p, m)) {
        continue;
      }
      Preprocessor.PreprocessResult result;
      try {
        result = p.preprocess(view);
      } catch (Exception e) {
        throw new MapiException(
            MapiError.MAPI_E_CALL_FAILED,
            "preprocessor " + p.getClass().getName() + " failed: " + e,
            e);
      }
      for (int i = 0; i < result.undeliverableRowIds().size(); i++) {
        String reason =
            i < result.reasons().size()
                ? result.reasons().get(i)
                : "refused by preprocessor " + p.getClass().getSimpleName();
        undeliverable.add(
            new RecipientOutcome.Failed(
                result.undeliverableRowIds().get(i),
                reason,
                MAPI_REASON_TRANSFER_IMPOSSIBLE,
                MAPI_DIAG_OR_NAME_UNRECOGNIZED,
                clock.instant()));
      }
      extras.addAll(result.extraMessages());
    }
    m.saveChanges();
    if (!undeliverable.isEmpty()) {
      session.recordOutcomes(id, undeliverable);
    }
    session.completePreprocessing(m);
    for (Preprocessor.ExtraMessage extra : extras) {
      try {
        EntryId generated = session.submitGenerated(id, extra.properties(), extra.recipients());
        events.emit(SpoolerEvent.Kind.GENERATED, generated, "generated by preprocessing " + id);
      } catch (MapiException e) {
        // A bad extra message is the preprocessor's bug: the original goes on regardless.
        events.emit(
            SpoolerEvent.Kind.UNEXPECTED_ERROR,
            id,
            "extra message of a preprocessor refused: " + e.getMessage());
      }
    }
  }

  private static boolean applies(Preprocessor p, Message m) {
    if (p.addressTypes() == null || p.addressTypes().isEmpty()) {
      return true;
    }
    for (Recipient r : m.getRecipients()) {
      if (!r.responsibility()
          && p.addressTypes().stream().anyMatch(t -> t.equalsIgnoreCase(r.addressType()))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Phase C: each transport in order gets the open recipients it claims (R52–R54, R60). Returns the
   * plain finish when every open recipient got a final verdict; otherwise settles here.
   */
  private PendingFinish handOff(EntryId id, Message m, List<Recipient> rows) {
    Instant now = clock.instant();
    Map<Integer, Recipient> open = new LinkedHashMap<>();
    for (Recipient r : rows) {
      if (!r.responsibility()) {
        open.put(r.rowId(), r);
      }
    }
    org.msgstore.spi.OutboundMessage view = new OutboundView(m, session.mailboxOf(m));
    List<RecipientOutcome> outcomes = new ArrayList<>();
    List<String> deferReasons = new ArrayList<>();
    Duration askedDelay = null;
    for (TransportProvider t : transports.transports()) {
      if (transports.outOfService(t)) {
        continue;
      }
      List<OutboundRecipient> offered = new ArrayList<>();
      for (Recipient r : open.values()) {
        if (TransportChain.claims(t, r.addressType())) {
          offered.add(
              new OutboundRecipient(
                  r.rowId(), r.type(), r.displayName(), r.addressType(), r.address()));
        }
      }
      if (offered.isEmpty()) {
        continue;
      }
      Map<Integer, DeliveryResult> verdicts = deliver(t, view, offered, id);
      for (OutboundRecipient r : offered) {
        DeliveryResult v = verdicts.get(r.rowId());
        if (v instanceof DeliveryResult.Delivered) {
          outcomes.add(new RecipientOutcome.Delivered(r.rowId(), t.id(), clock.instant()));
          open.remove(r.rowId());
          events.emit(SpoolerEvent.Kind.DELIVERED, id, t.id() + " " + r.address());
        } else if (v instanceof DeliveryResult.Failed f) {
          outcomes.add(
              new RecipientOutcome.Failed(
                  r.rowId(), f.reason(), f.ndrReasonCode(), f.ndrDiagCode(), clock.instant()));
          open.remove(r.rowId());
          events.emit(SpoolerEvent.Kind.FAILED, id, t.id() + " " + r.address() + ": " + f.reason());
        } else if (v instanceof DeliveryResult.Deferred d) {
          open.remove(r.rowId());
          deferReasons.add(r.address() + ": " + d.reason());
          if (d.retryAfter() != null
              && (askedDelay == null || d.retryAfter().compareTo(askedDelay) > 0)) {
            askedDelay = d.retryAfter();
          }
        } // Declined (or no verdict from a transport that answered): the next matching transport
        // gets it.
      }
    }
    if (allDecided(rows, outcomes) && !Boolean.TRUE.equals(m.get(PropTag.PR_PREPROCESS))) {
      return new PendingFinish(id, m, List.copyOf(outcomes));
    }
    // What the transports said is stored in one transaction: verdicts, the provider submit time,
    // then either the release for a retry or the reports, the queue removal and the filing.
    Duration delay = askedDelay;
    connection.inOneTransaction(
        () -> {
          settle(id, m, rows, open, outcomes, deferReasons, delay, now);
          return null;
        });
    return null;
  }

  /**
   * Whether every recipient still open when the message was read has a verdict in {@code outcomes}.
   */
  private static boolean allDecided(List<Recipient> rows, List<RecipientOutcome> outcomes) {
    return rows.stream()
        .filter(r -> !r.responsibility())
        .allMatch(r -> outcomes.stream().anyMatch(o -> o.rowId() == r.rowId()));
  }

  /**
   * Phase C's end, in the delivery's one transaction: records verdicts, then retries (E1) or
   * finishes (C8, C9).
   */
  private void settle(
      EntryId id,
      Message m,
      List<Recipient> rows,
      Map<Integer, Recipient> open,
      List<RecipientOutcome> outcomes,
      List<String> deferReasons,
      Duration askedDelay,
      Instant now) {
    List<Integer> deferredRows = new ArrayList<>();
    for (Recipient r : rows) { // nothing was recorded since they were read: the same rows
      if (!r.responsibility() && outcomes.stream().noneMatch(o -> o.rowId() == r.rowId())) {
        if (open.containsKey(r.rowId()) && transports.outOfServiceClaims(r.addressType())) {
          deferredRows.add(r.rowId());
          deferReasons.add(r.address() + ": its transport is out of service");
        } else if (open.containsKey(r.rowId())) {
          outcomes.add(
              new RecipientOutcome.Failed(
                  r.rowId(),
                  "no transport accepts address type " + r.addressType(),
                  MAPI_REASON_TRANSFER_IMPOSSIBLE,
                  MAPI_DIAG_OR_NAME_UNRECOGNIZED,
                  clock.instant()));
          afterCommit(SpoolerEvent.Kind.FAILED, id, r.address() + ": unclaimed");
        } else {
          deferredRows.add(r.rowId());
        }
      }
    }
    if (!deferredRows.isEmpty()) {
      SpoolerSession.QueueState state = session.queueState(id);
      Instant giveUp =
          retry.giveUpAt(state.submitted(), RetryPolicy.latestDelivery(m), RetryPolicy.expiry(m));
      Instant next = retry.nextAttempt(state.attempts() + 1, now, askedDelay);
      if (!next.isBefore(giveUp)) {
        String last = String.join("; ", deferReasons);
        for (int row : deferredRows) {
          outcomes.add(
              new RecipientOutcome.Failed(
                  row,
                  "not delivered before the message expired; last error: " + last,
                  MAPI_REASON_TRANSFER_FAILED,
                  MAPI_DIAG_MAXIMUM_TIME_EXPIRED,
                  clock.instant()));
        }
        deferredRows.clear();
      } else {
        stampProviderSubmitTime(m, outcomes);
        session.recordOutcomes(id, outcomes);
        session.release(id, next, String.join("; ", deferReasons));
        afterCommit(SpoolerEvent.Kind.DEFERRED, id, String.join("; ", deferReasons));
        return;
      }
    }
    if (Boolean.TRUE.equals(m.get(PropTag.PR_PREPROCESS))) {
      stampProviderSubmitTime(m, outcomes);
      session.recordOutcomes(id, outcomes);
      finish(id, m);
    } else {
      finishDelivered(new PendingFinish(id, m, outcomes));
    }
  }

  /**
   * R65: the time a transport first took the message ({@code PR_PROVIDER_SUBMIT_TIME}) is kept on
   * it; {@code PR_CLIENT_SUBMIT_TIME} stays as the client's.
   */
  private void stampProviderSubmitTime(Message m, List<RecipientOutcome> outcomes) {
    boolean anyDelivered = outcomes.stream().anyMatch(o -> o instanceof RecipientOutcome.Delivered);
    if (anyDelivered && m.get(PropTag.PR_PROVIDER_SUBMIT_TIME) == null) {
      m.set(PropTag.PR_PROVIDER_SUBMIT_TIME, clock.instant());
      m.saveChanges();
    }
  }

  private void reportsWritten(EntryId id, List<org.msgstore.inflow.NewMailEvent> reports) {
    for (org.msgstore.inflow.NewMailEvent r : reports) {
      boolean ndr = r.messageClass().endsWith(".NDR");
      afterCommit(
          ndr ? SpoolerEvent.Kind.NDR_WRITTEN : SpoolerEvent.Kind.DR_WRITTEN,
          id,
          r.messageClass() + " to " + r.mailbox());
    }
  }

  /**
   * Reports an event once the delivery's transaction committed (at once outside one): never for
   * work rolled back.
   */
  private void afterCommit(SpoolerEvent.Kind kind, EntryId id, String detail) {
    connection.afterCommit(() -> events.emit(kind, id, detail));
  }

  /**
   * Calls a transport, turning anything it throws or leaves out into deferrals (never stops the
   * spooler).
   */
  private Map<Integer, DeliveryResult> deliver(
      TransportProvider t,
      org.msgstore.spi.OutboundMessage view,
      List<OutboundRecipient> offered,
      EntryId id) {
    Map<Integer, DeliveryResult> verdicts = new LinkedHashMap<>();
    try {
      List<DeliveryResult> results = t.deliver(view, offered);
      if (results != null) {
        for (DeliveryResult r : results) {
          if (r != null && offered.stream().anyMatch(o -> o.rowId() == r.rowId())) {
            verdicts.putIfAbsent(r.rowId(), r);
          }
        }
      }
      for (OutboundRecipient r : offered) {
        verdicts.putIfAbsent(
            r.rowId(),
            DeliveryResult.deferred(
                r.rowId(), "transport " + t.id() + " returned no verdict for " + r.address()));
      }
    } catch (org.msgstore.spi.CriticalTransportException e) {
      // R63: no further calls to this transport; its recipients go to the next one or wait.
      if (transports.takeOutOfService(t)) {
        LOG.log(
            Level.SEVERE,
            SpoolerLog.MSGS3004
                + " transport "
                + t.id()
                + " reported a critical error and is out of service until the adapter restarts",
            e);
        events.emit(SpoolerEvent.Kind.TRANSPORT_OUT_OF_SERVICE, id, t.id() + ": " + e.getMessage());
      }
      verdicts.clear();
      for (OutboundRecipient r : offered) {
        verdicts.put(r.rowId(), DeliveryResult.declined(r.rowId()));
      }
    } catch (Exception e) {
      LOG.log(
          Level.WARNING,
          SpoolerLog.MSGS3001
              + " transport "
              + t.id()
              + " threw on message "
              + id
              + "; its recipients are deferred",
          e);
      for (OutboundRecipient r : offered) {
        verdicts.put(
            r.rowId(), DeliveryResult.deferred(r.rowId(), "transport " + t.id() + " failed: " + e));
      }
    }
    return verdicts;
  }

  /** C8, C9: RemovePreprocessInfo when preprocessed (R51), reports, then FinishedMsg. */
  private void finish(EntryId id, Message m) {
    if (Boolean.TRUE.equals(m.get(PropTag.PR_PREPROCESS))) {
      PreprocessView view = new PreprocessView(m, session.mailboxOf(m));
      for (Preprocessor p : store.submitSupport().preprocessors()) {
        try {
          p.removePreprocessInfo(view);
        } catch (Exception e) {
          LOG.log(
              Level.WARNING,
              SpoolerLog.MSGS3001
                  + " RemovePreprocessInfo of "
                  + p.getClass().getName()
                  + " failed on "
                  + id,
              e);
        }
      }
    }
    reportsWritten(id, session.finishWithReports(id, Rfc822Rendition.of(m)));
    afterCommit(SpoolerEvent.Kind.FINISHED, id, null);
  }

  /**
   * An attempt that went wrong as a whole: back off and keep the error on the message. After {@link
   * #MAX_FAILED_ATTEMPTS} such failures in a row, or past the message's lifetime, it is failed with
   * an NDR instead: unreadable data is never retried forever.
   */
  private void failedAttempt(EntryId id, Exception e) {
    events.emit(SpoolerEvent.Kind.UNEXPECTED_ERROR, id, e.toString());
    LOG.log(
        Level.WARNING,
        SpoolerLog.MSGS3002 + " attempt on " + id + " failed; it is retried with back-off",
        e);
    try {
      SpoolerSession.QueueState state = session.queueState(id);
      int attempts = state == null ? 0 : state.attempts();
      Instant now = clock.instant();
      boolean expired =
          state != null && !now.isBefore(retry.giveUpAt(state.submitted(), null, null));
      // Damaged data stays damaged: give it up after a few tries. Anything else (the database
      // unreachable, a lock timeout) is retried until the message's lifetime ends.
      boolean damaged = e instanceof MapiException m && m.error() == MapiError.MAPI_E_CORRUPT_DATA;
      if (damaged && attempts + 1 >= MAX_FAILED_ATTEMPTS || expired) {
        reportsWritten(id, session.failUnreadable(id, "the message could not be processed: " + e));
        return;
      }
      session.release(id, retry.nextAttempt(attempts + 1, now, null), e.toString());
    } catch (RuntimeException again) {
      LOG.log(
          Level.WARNING,
          SpoolerLog.MSGS3003 + " could not release " + id + "; its lease lapses on its own",
          again);
    }
  }
}
