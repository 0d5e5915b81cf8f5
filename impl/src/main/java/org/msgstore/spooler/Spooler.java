package org.msgstore.spooler;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
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
import org.msgstore.spi.TransportContext;
import org.msgstore.spi.TransportProvider;
import org.msgstore.store.LocalDeliveries;
import org.msgstore.store.MessageStore;
import org.msgstore.store.QueueListener;
import org.msgstore.store.RecipientOutcome;
import org.msgstore.store.SpoolerSession;

/**
 * The MAPI spooler of one adapter (spec phases B, C, E): claims due messages oldest first, runs
 * preprocessors, offers each transport the recipients it claims, records verdicts per recipient,
 * retries with back-off, writes reports and finishes messages.
 *
 * <p>{@link #runOnce()} is one round, so every rule is testable with a settable clock; {@link
 * #run()} loops over rounds, woken by commit notifications with a slow poll as the safety net,
 * until {@link #stop()}. Nothing escapes a round: every failure is recorded on its message and
 * reported as an event, so the loop never dies.
 */
public final class Spooler implements QueueListener {
  private static final Logger LOG = Logger.getLogger(Spooler.class.getName());
  /** Reasons and diagnostics of MAPIDefS.h / EDKMAPI.H used for NDRs the spooler itself decides. */
  static final int MAPI_REASON_TRANSFER_FAILED = 0;
  static final int MAPI_REASON_TRANSFER_IMPOSSIBLE = 1;
  static final int MAPI_DIAG_OR_NAME_UNRECOGNIZED = 0;
  static final int MAPI_DIAG_MAXIMUM_TIME_EXPIRED = 5;

  private final MessageStore store;
  private final SpoolerSettings settings;
  private final Clock clock;
  private final TransportChain transports;
  private final RetryPolicy retry;
  private final SpoolerConnection connection;
  private final SpoolerSession session;
  private final List<SpoolerListener> listeners = new CopyOnWriteArrayList<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  private boolean woken;
  private volatile boolean stopping;

  public Spooler(MessageStore store, SpoolerSettings settings, List<TransportProvider> transports) {
    this.store = store;
    this.settings = settings;
    this.clock = store.clock();
    this.transports = new TransportChain(transports);
    this.retry = new RetryPolicy(settings.backoffMin(), settings.backoffMax(), settings.maxQueueLifetime());
    this.connection = new SpoolerConnection(store);
    this.session = store.spoolerSession(connection, settings.owner(), settings.lease());
  }

  /**
   * Starts every transport with the adapter's settings, the clock and the store's own mailboxes
   * (for the local-mailbox transport). A transport that fails to start is left out of the chain.
   */
  public void startTransports(Map<String, String> transportSettings) {
    TransportContext context = new SpoolerTransportContext(Map.copyOf(transportSettings), clock, new LocalDeliveries(store, connection));
    for (TransportProvider t : transports.transports()) {
      t.start(context);
    }
  }

  public void addListener(SpoolerListener listener) {
    listeners.add(listener);
  }

  /** Commit notification from the store: a message was queued, so look now rather than at the next poll. */
  @Override
  public void queueChanged(org.msgstore.store.QueueEvent event) {
    if (event.kind() == org.msgstore.store.QueueEvent.Kind.TABLE_ROW_ADDED) {
      wakeUp();
    }
  }

  public void wakeUp() {
    lock.lock();
    try {
      woken = true;
      wake.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Rounds until {@link #stop()}: a full round is followed at once by the next, an empty one waits. */
  public void run() {
    store.addQueueListener(this);
    try {
      while (!stopping) {
        int done = 0;
        try {
          done = runOnce();
        } catch (RuntimeException e) {
          // The boundary of the loop: report and go on, the next round starts fresh.
          emit(SpoolerEvent.Kind.UNEXPECTED_ERROR, null, e.toString());
          LOG.log(Level.WARNING, SpoolerLog.MSGS3002 + " spooler round failed; retrying at the next poll", e);
        }
        if (done < settings.batchSize()) {
          awaitWork(settings.pollInterval());
        }
      }
    } finally {
      store.removeQueueListener(this);
      releaseLocks();
    }
  }

  /** Asks {@link #run()} to end after the message in hand; it then releases every lock it holds. */
  public void stop() {
    stopping = true;
    wakeUp();
  }

  public boolean stopping() {
    return stopping;
  }

  /** One round: claims up to a batch of due messages and processes each; returns how many. */
  public int runOnce() {
    List<EntryId> claimed = session.claim(settings.batchSize());
    for (EntryId id : claimed) {
      if (stopping) {
        break;
      }
      emit(SpoolerEvent.Kind.CLAIMED, id, null);
      process(id);
    }
    if (stopping) {
      releaseLocks();
    }
    return claimed.size();
  }

  /** Releases every lease this node holds; returns how many. Used at stop. */
  public int releaseLocks() {
    try {
      return session.unlockAll();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, SpoolerLog.MSGS3003 + " could not release this node's locks; they lapse with their lease", e);
      return 0;
    }
  }

  private void process(EntryId id) {
    try (Message m = session.openMessage(id)) {
      if ((m.get(PropTag.PR_SUBMIT_FLAGS, 0) & SubmitFlags.SUBMITFLAG_PREPROCESS) != 0) {
        preprocess(id, m);
      }
      handOff(id, m);
    } catch (MapiException e) {
      if (e.error() == MapiError.MAPI_E_NOT_IN_QUEUE) {
        emit(SpoolerEvent.Kind.LEASE_LOST, id, e.getMessage());
        return;
      }
      failedAttempt(id, e);
    } catch (RuntimeException e) {
      failedAttempt(id, e);
    }
  }

  /** Phase B: preprocessors that apply, in registration order (R45–R47, R50), then B3 (R48). */
  private void preprocess(EntryId id, Message m) throws MapiException {
    OutboundView view = new OutboundView(m, null);
    List<RecipientOutcome> undeliverable = new ArrayList<>();
    for (Preprocessor p : store.submitSupport().preprocessors()) {
      if (!applies(p, m)) {
        continue;
      }
      Preprocessor.PreprocessResult result;
      try {
        result = p.preprocess(view);
      } catch (Exception e) {
        throw new MapiException(MapiError.MAPI_E_CALL_FAILED, "preprocessor " + p.getClass().getName() + " failed: " + e, e);
      }
      for (int i = 0; i < result.undeliverableRowIds().size(); i++) {
        String reason = i < result.reasons().size() ? result.reasons().get(i) : "refused by preprocessor " + p.getClass().getSimpleName();
        undeliverable.add(new RecipientOutcome.Failed(result.undeliverableRowIds().get(i), reason, MAPI_REASON_TRANSFER_IMPOSSIBLE, MAPI_DIAG_OR_NAME_UNRECOGNIZED, clock.instant()));
      }
    }
    m.saveChanges();
    if (!undeliverable.isEmpty()) {
      session.recordOutcomes(id, undeliverable);
    }
    session.completePreprocessing(id);
  }

  private static boolean applies(Preprocessor p, Message m) {
    if (p.addressTypes() == null || p.addressTypes().isEmpty()) {
      return true;
    }
    for (Recipient r : m.getRecipients()) {
      if (!r.responsibility() && p.addressTypes().stream().anyMatch(t -> t.equalsIgnoreCase(r.addressType()))) {
        return true;
      }
    }
    return false;
  }

  /** Phase C: each transport in order gets the open recipients it claims (R52–R54, R60). */
  private void handOff(EntryId id, Message m) {
    Instant now = clock.instant();
    Map<Integer, Recipient> open = new LinkedHashMap<>();
    for (Recipient r : session.openMessage(id).getRecipients()) {
      if (!r.responsibility()) {
        open.put(r.rowId(), r);
      }
    }
    OutboundView view = new OutboundView(m, null);
    List<RecipientOutcome> outcomes = new ArrayList<>();
    List<String> deferReasons = new ArrayList<>();
    Duration askedDelay = null;
    for (TransportProvider t : transports.transports()) {
      List<OutboundRecipient> offered = new ArrayList<>();
      for (Recipient r : open.values()) {
        if (TransportChain.claims(t, r.addressType())) {
          offered.add(new OutboundRecipient(r.rowId(), r.type(), r.displayName(), r.addressType(), r.address()));
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
          emit(SpoolerEvent.Kind.DELIVERED, id, t.id() + " " + r.address());
        } else if (v instanceof DeliveryResult.Failed f) {
          outcomes.add(new RecipientOutcome.Failed(r.rowId(), f.reason(), f.ndrReasonCode(), f.ndrDiagCode(), clock.instant()));
          open.remove(r.rowId());
          emit(SpoolerEvent.Kind.FAILED, id, t.id() + " " + r.address() + ": " + f.reason());
        } else if (v instanceof DeliveryResult.Deferred d) {
          open.remove(r.rowId());
          deferReasons.add(r.address() + ": " + d.reason());
          if (d.retryAfter() != null && (askedDelay == null || d.retryAfter().compareTo(askedDelay) > 0)) {
            askedDelay = d.retryAfter();
          }
        } // Declined (or no verdict from a transport that answered): the next matching transport gets it.
      }
    }
    List<Integer> deferredRows = new ArrayList<>();
    for (Recipient r : session.openMessage(id).getRecipients()) {
      if (!r.responsibility() && outcomes.stream().noneMatch(o -> o.rowId() == r.rowId())) {
        if (open.containsKey(r.rowId())) {
          outcomes.add(new RecipientOutcome.Failed(
              r.rowId(), "no transport accepts address type " + r.addressType(), MAPI_REASON_TRANSFER_IMPOSSIBLE, MAPI_DIAG_OR_NAME_UNRECOGNIZED, clock.instant()));
          emit(SpoolerEvent.Kind.FAILED, id, r.address() + ": unclaimed");
        } else {
          deferredRows.add(r.rowId());
        }
      }
    }
    if (!deferredRows.isEmpty()) {
      SpoolerSession.QueueState state = session.queueState(id);
      Instant giveUp = retry.giveUpAt(state.submitted(), RetryPolicy.latestDelivery(m), RetryPolicy.expiry(m));
      Instant next = retry.nextAttempt(state.attempts() + 1, now, askedDelay);
      if (!next.isBefore(giveUp)) {
        String last = String.join("; ", deferReasons);
        for (int row : deferredRows) {
          outcomes.add(new RecipientOutcome.Failed(
              row, "not delivered before the message expired; last error: " + last, MAPI_REASON_TRANSFER_FAILED, MAPI_DIAG_MAXIMUM_TIME_EXPIRED, clock.instant()));
        }
        deferredRows.clear();
      } else {
        session.recordOutcomes(id, outcomes);
        session.release(id, next, String.join("; ", deferReasons));
        emit(SpoolerEvent.Kind.DEFERRED, id, String.join("; ", deferReasons));
        return;
      }
    }
    session.recordOutcomes(id, outcomes);
    finish(id, m);
  }

  /** Calls a transport, turning anything it throws or leaves out into deferrals (never stops the spooler). */
  private Map<Integer, DeliveryResult> deliver(TransportProvider t, OutboundView view, List<OutboundRecipient> offered, EntryId id) {
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
        verdicts.putIfAbsent(r.rowId(), DeliveryResult.deferred(r.rowId(), "transport " + t.id() + " returned no verdict for " + r.address()));
      }
    } catch (Exception e) {
      LOG.log(Level.WARNING, SpoolerLog.MSGS3001 + " transport " + t.id() + " threw on message " + id + "; its recipients are deferred", e);
      for (OutboundRecipient r : offered) {
        verdicts.put(r.rowId(), DeliveryResult.deferred(r.rowId(), "transport " + t.id() + " failed: " + e));
      }
    }
    return verdicts;
  }

  /** C8, C9: RemovePreprocessInfo when preprocessed (R51), reports, then FinishedMsg. */
  private void finish(EntryId id, Message m) {
    if (Boolean.TRUE.equals(m.get(PropTag.PR_PREPROCESS))) {
      OutboundView view = new OutboundView(m, null);
      for (Preprocessor p : store.submitSupport().preprocessors()) {
        try {
          p.removePreprocessInfo(view);
        } catch (Exception e) {
          LOG.log(Level.WARNING, SpoolerLog.MSGS3001 + " RemovePreprocessInfo of " + p.getClass().getName() + " failed on " + id, e);
        }
      }
    }
    session.finishWithReports(id, Rfc822Rendition.of(m));
    emit(SpoolerEvent.Kind.FINISHED, id, null);
  }

  /** An attempt that went wrong as a whole: back off and keep the error on the message. */
  private void failedAttempt(EntryId id, Exception e) {
    emit(SpoolerEvent.Kind.UNEXPECTED_ERROR, id, e.toString());
    LOG.log(Level.WARNING, SpoolerLog.MSGS3002 + " attempt on " + id + " failed; it is retried with back-off", e);
    try {
      SpoolerSession.QueueState state = session.queueState(id);
      int attempts = state == null ? 0 : state.attempts();
      session.release(id, retry.nextAttempt(attempts + 1, clock.instant(), null), e.toString());
    } catch (RuntimeException again) {
      LOG.log(Level.WARNING, SpoolerLog.MSGS3003 + " could not release " + id + "; its lease lapses on its own", again);
    }
  }

  private void emit(SpoolerEvent.Kind kind, EntryId id, String detail) {
    SpoolerEvent event = new SpoolerEvent(kind, id, detail);
    for (SpoolerListener l : listeners) {
      try {
        l.onEvent(event);
      } catch (RuntimeException e) {
        LOG.log(Level.FINE, "spooler listener failed", e);
      }
    }
  }

  private void awaitWork(Duration timeout) {
    lock.lock();
    try {
      long nanos = timeout.toNanos();
      while (!woken && !stopping && nanos > 0) {
        nanos = wake.awaitNanos(nanos);
      }
      woken = false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopping = true;
    } finally {
      lock.unlock();
    }
  }

  /** Closes the transports and the spooler's own connection; call after {@link #run()} returned. */
  public void close() {
    for (TransportProvider t : transports.transports()) {
      try {
        t.close();
      } catch (Exception e) {
        LOG.log(Level.WARNING, SpoolerLog.MSGS3003 + " transport " + t.id() + " did not close cleanly", e);
      }
    }
    connection.close();
  }
}
