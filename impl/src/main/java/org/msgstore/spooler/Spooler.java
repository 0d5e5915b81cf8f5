package org.msgstore.spooler;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.msgstore.EntryId;
import org.msgstore.spi.TransportContext;
import org.msgstore.spi.TransportProvider;
import org.msgstore.store.LocalDeliveries;
import org.msgstore.store.MessageStore;
import org.msgstore.store.QueueListener;
import org.msgstore.store.SpoolerSession;

/**
 * The MAPI spooler of one adapter (spec phases B, C, E): claims due messages oldest first, runs
 * preprocessors, offers each transport the recipients it claims, records verdicts per recipient,
 * retries with back-off, writes reports and finishes messages.
 *
 * <p>{@link #runOnce()} is one round, so every rule is testable with a settable clock; {@link
 * #run()} dispatches continuously, woken by commit notifications with a slow poll as the safety
 * net, until {@link #stop()}. Both hand messages out through the one {@link Dispatcher} to the
 * {@link DeliveryThreads}; the loop claims through {@link ClaimAhead}. Nothing escapes a round:
 * every failure is recorded on its message and reported as an event, so the loop never dies.
 */
public final class Spooler implements QueueListener {
  static final int MAPI_DIAG_MAXIMUM_TIME_EXPIRED = MessageDelivery.MAPI_DIAG_MAXIMUM_TIME_EXPIRED;

  private final MessageStore store;
  private final SpoolerSettings settings;

  /** Guards {@link #status} and its connection, which any thread may read through. */
  private final Object statusLock = new Object();

  private SpoolerConnection statusConnection;
  private SpoolerSession status;
  private final Clock clock;
  private final TransportChain transports;
  private final SpoolerConnection connection;
  private final SpoolerSession session;
  private final DeliveryThreads threads;
  private final Dispatcher dispatcher;
  private final SpoolerListeners listeners = new SpoolerListeners();
  private final WakeUp wake = new WakeUp();
  private final org.msgstore.store.DueTimes dueAgain = new org.msgstore.store.DueTimes(wake::ring);
  private final NodeLiveness node;

  /** Releases the delivery threads could not write while the store did not answer. */
  private final OwedReleases owed;

  private volatile boolean stopping;

  /** When the loop last looked at the queue because it was woken or the poll came (nanoTime). */
  private long lastLook = System.nanoTime();

  /**
   * Whether an idle loop asks the store when the next waiting message comes due: at the start, at
   * each poll, when a known due time came and after a failed round, see {@link
   * #learnNextDue(Instant)}.
   */
  private boolean learnDue = true;

  /** A spooler that delivers one message at a time on the calling thread. */
  public Spooler(MessageStore store, SpoolerSettings settings, List<TransportProvider> transports) {
    this(store, settings, transports, Runnable::run, 1);
  }

  /**
   * A spooler that delivers up to {@code deliveryThreads} messages at once on {@code executor} (in
   * the server: the connector's WorkManager), each delivery thread with its own store connection.
   */
  public Spooler(
      MessageStore store,
      SpoolerSettings settings,
      List<TransportProvider> transports,
      Executor executor,
      int deliveryThreads) {
    this.store = store;
    this.settings = settings;
    this.clock = store.clock();
    this.transports = new TransportChain(transports);
    RetryPolicy retry =
        new RetryPolicy(settings.backoffMin(), settings.backoffMax(), settings.maxQueueLifetime());
    this.connection = new SpoolerConnection(store);
    this.session = store.spoolerSession(connection, settings.owner(), settings.lease());
    this.node = new NodeLiveness(session, clock, settings.pollInterval());
    this.owed = new OwedReleases(clock, settings.lease(), settings.owner());
    List<DeliveryThreads.Worker> workers = new ArrayList<>();
    for (int i = 0; i < deliveryThreads; i++) {
      // Each delivery thread has a connection of its own, apart from the loop's: a delivery's
      // transaction must never take in the loop's claims.
      SpoolerConnection c = new SpoolerConnection(store);
      SpoolerSession s = store.spoolerSession(c, settings.owner(), settings.lease());
      workers.add(
          new DeliveryThreads.Worker(
              c,
              s,
              new MessageDelivery(
                  store, c, s, this.transports, retry, this::emit, dueAgain::note, owed)));
    }
    this.threads = new DeliveryThreads(executor, workers, clock);
    this.dispatcher =
        new Dispatcher(
            threads,
            new DeliveryRuns(clock, settings.lease(), this::stopping, this::emit),
            clock,
            settings.lease(),
            this::stopping,
            () -> stopping = true,
            this::emit,
            node.beatEvery(),
            () -> {
              if (!node.beatIfDue()) {
                stopping = true; // the name was taken over: its leases are the new holder's
              } else {
                owed.pay(session); // while every thread is busy: not only once one is free
              }
            });
  }

  /**
   * Starts every transport with the adapter's settings, the clock and the store's own mailboxes
   * (for the local-mailbox transport). A transport that fails to start is left out of the chain.
   */
  public void startTransports(Map<String, String> transportSettings) {
    TransportContext context =
        new SpoolerTransportContext(
            Map.copyOf(transportSettings),
            clock,
            new LocalDeliveries(store, connection),
            node::liveNodes);
    for (TransportProvider t : transports.transports()) {
      t.start(context);
    }
  }

  public void addListener(SpoolerListener listener) {
    listeners.add(listener);
  }

  /**
   * Commit notification from the store: a message was queued, so look now rather than at the next
   * poll; a message queued to be sent later, when it comes due (its claim now would find nothing).
   */
  @Override
  public void queueChanged(org.msgstore.store.QueueEvent event) {
    if (event.kind() != org.msgstore.store.QueueEvent.Kind.TABLE_ROW_ADDED) {
      return;
    }
    if (event.due() != null && event.due().isAfter(clock.instant())) {
      dueAgain.note(event.due());
    } else {
      wakeUp();
    }
  }

  /**
   * Look again now: an idle loop claims at once, and a wait for delivery threads looks at the clock
   * again (so a test that moved the clock past a lease ends that wait).
   */
  public void wakeUp() {
    wake.ring();
    threads.nudge();
  }

  /**
   * Delivers until {@link #stop()}, continuously: a delivery thread that frees up gets the next
   * claimed message at once, and the next claim is made while the last messages of the previous one
   * are still out, so a slow message never holds up the others. An empty queue waits for a commit
   * notification or the poll.
   */
  public void run() {
    if (!takeNodeName()) {
      return; // nothing claimed; the leases under this name are another live server's
    }
    store.addQueueListener(this);
    ClaimAhead ahead = new ClaimAhead(session, clock, settings.batchSize(), threads.size());
    try {
      while (!stopping) {
        try {
          if (!node.beatIfDue()) {
            stopping = true; // the name was taken over: its leases are the new holder's
            break;
          }
          // Before new work: messages still locked under this node's name after the store failed
          // to answer are released while the lease holds (at once if it answers again), and
          // claimed again.
          if (owed.pay(session) > 0) {
            ahead.lookAgain();
            learnDue = true; // one released with a back-off comes due later
          }
          // A held-back message coming due is a change too.
          Instant lookedAt = clock.instant();
          boolean cameDue = dueAgain.passed(clock);
          learnDue |= cameDue; // the next one after it may be known only to the store
          ahead.topUp(wake.take() | cameDue);
          if (ahead.isEmpty()) {
            if (learnDue) {
              learnNextDue(lookedAt);
              learnDue = false;
            }
            if (awaitWorkOrHeartbeat()) {
              ahead.lookAgain(); // woken or the poll: deferred messages may have come due
            }
            continue;
          }
          dispatcher.dispatchNext(ahead.waiting(), runLimit(), () -> {});
        } catch (RuntimeException e) {
          // The boundary of the loop: report and go on after a poll; what is claimed lapses or is
          // released.
          emit(SpoolerEvent.Kind.UNEXPECTED_ERROR, null, e.toString());
          SpoolerLog.roundFailed(e);
          awaitWork();
          ahead.lookAgain();
          learnDue = true;
        }
      }
    } finally {
      store.removeQueueListener(this);
      awaitDeliveriesInFlight();
      ahead.clear(); // their locks go with the others
      if (node.held()) {
        releaseLocks();
        stopNode();
      }
    }
  }

  /**
   * Takes this node's name before anything is claimed, waiting while another incarnation's
   * heartbeat is fresh ({@link NodeLiveness}); false when another live server holds it, or on stop.
   */
  private boolean takeNodeName() {
    while (!stopping) {
      try {
        switch (startNode()) {
          case TAKEN:
            return true;
          case REFUSED:
            emit(
                SpoolerEvent.Kind.UNEXPECTED_ERROR,
                null,
                "another live server runs a spooler as node '" + settings.owner() + "'");
            return false;
          case WAIT:
            threads.await(() -> stopping, node.waitUntil());
            break;
        }
      } catch (RuntimeException e) {
        // The database is not there yet: look again at the poll, as the loop would.
        emit(SpoolerEvent.Kind.UNEXPECTED_ERROR, null, e.toString());
        SpoolerLog.roundFailed(e);
        awaitWork();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return false;
  }

  /**
   * One attempt to take this node's name: from a dead previous incarnation, whose leases are
   * released then ({@link NodeLiveness}); {@link #run()} calls it, a test may step it.
   */
  NodeLiveness.Start startNode() {
    return node.start();
  }

  /** This spooler's hold on its node name, for tests. */
  NodeLiveness node() {
    return node;
  }

  /** At an orderly stop: the next incarnation of this node takes the name at once. */
  private void stopNode() {
    try {
      node.stopped();
    } catch (RuntimeException e) {
      // It then waits for the heartbeat to go stale, as after a crash.
      SpoolerLog.locksNotReleased(e);
    }
  }

  /** One round: claims up to a batch of due messages and processes each; returns how many. */
  public int runOnce() {
    if (!node.beatIfDue()) {
      stopping = true;
      return 0;
    }
    owed.pay(session);
    // Taken before the claim: the leases it takes last at least a lease from then.
    Instant claimedAt = clock.instant();
    List<EntryId> claimed = session.claim(settings.batchSize());
    AtomicInteger left = new AtomicInteger(claimed.size());
    Instant lastHandedOut = claimedAt;
    for (EntryId id : claimed) {
      // A round: one message per run, each recorded on its own.
      ArrayDeque<Claimed> one = new ArrayDeque<>(List.of(new Claimed(id, claimedAt)));
      Instant handedOut = dispatcher.dispatchNext(one, 1, left::decrementAndGet);
      if (handedOut != null) {
        lastHandedOut = handedOut;
      }
    }
    awaitRound(left, lastHandedOut);
    if (stopping) {
      releaseLocks();
    }
    return claimed.size();
  }

  /**
   * Waits for the round's deliveries, but never longer than a lease after the last was handed out:
   * a hung transport must not stop the loop. What it holds lapses with its lease and is retried.
   */
  private void awaitRound(AtomicInteger left, Instant lastHandedOut) {
    try {
      if (!threads.await(() -> left.get() == 0, lastHandedOut.plus(settings.lease()))) {
        emit(
            SpoolerEvent.Kind.UNEXPECTED_ERROR,
            null,
            "a delivery ran longer than the lease "
                + settings.lease()
                + "; the spooler goes on without it");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopping = true;
    }
  }

  /**
   * At the end of {@link #run()}: lets the sends in progress finish (R66), but never waits longer
   * than a lease for a hung one; its lock is released with the others.
   */
  private void awaitDeliveriesInFlight() {
    try {
      if (!threads.awaitAllIdle(clock.instant().plus(settings.lease()))) {
        emit(
            SpoolerEvent.Kind.UNEXPECTED_ERROR,
            null,
            "a delivery ran longer than the lease " + settings.lease() + " after stop");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** At most this many messages in one delivery thread's run: its share of a claim. */
  private int runLimit() {
    return Math.max(1, settings.batchSize() / threads.size());
  }

  /** Asks {@link #run()} to end after the message in hand; it then releases every lock it holds. */
  public void stop() {
    stopping = true;
    wakeUp();
  }

  public boolean stopping() {
    return stopping;
  }

  /**
   * How many servers run a spooler on this store, this one included, as counted at its last
   * heartbeat: each takes that share of a cluster-wide rate limit.
   */
  public int liveNodes() {
    return node.liveNodes();
  }

  /**
   * Messages locked under this node's name whose release failed while the store did not answer,
   * still to be released once it answers (at most a lease after their claim): for status pages and
   * JMX; no store call.
   */
  public int owedReleases() {
    return owed.count();
  }

  /** Messages in the outgoing queue now (all nodes), for status pages. */
  public int queueDepth() {
    synchronized (statusLock) {
      return status().queueDepth();
    }
  }

  /** The first {@code max} queued messages with their state, for status pages. */
  public List<SpoolerSession.QueueItem> queueItems(int max) {
    synchronized (statusLock) {
      return status().queueItems(max);
    }
  }

  /**
   * The session that status pages and JMX read on, with a connection of its own: the loop's
   * connection is used by the loop's thread only, and a read from another thread could run inside
   * the loop's open transaction (and a failed one abort it). Opened at first use; closed with the
   * spooler. Call under {@link #statusLock}.
   */
  private SpoolerSession status() {
    if (status == null) {
      statusConnection = new SpoolerConnection(store);
      status = store.spoolerSession(statusConnection, settings.owner(), settings.lease());
    }
    return status;
  }

  /** Releases every lease this node holds; returns how many. Used at stop. */
  public int releaseLocks() {
    try {
      int released = session.unlockAll();
      owed.clear(); // released with the others
      return released;
    } catch (RuntimeException e) {
      SpoolerLog.locksNotReleased(e);
      return 0;
    }
  }

  private void emit(SpoolerEvent.Kind kind, EntryId id, String detail) {
    listeners.emit(kind, id, detail);
  }

  /** Waits for a wake-up, a stop or the poll interval. */
  private void awaitWork() {
    try {
      wake.await(settings.pollInterval(), this::stopping);
      lastLook = System.nanoTime();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopping = true;
    }
  }

  /**
   * Notes when the earliest waiting message comes due, so that it leaves then rather than at a
   * poll. Commit notifications announce the due times of messages submitted or deferred while this
   * loop listens; this finds the others: those waiting from before the start (deferred before a
   * restart, or submitted before the listener was added) and those another server deferred.
   */
  private void learnNextDue(Instant claimedAt) {
    Instant next = session.nextDue(claimedAt);
    if (next != null) {
      dueAgain.note(next);
    }
  }

  /**
   * {@link #awaitWork()}, but waking for this node's heartbeat too when it is due before the poll;
   * true when the queue is to be looked at again (woken, or the poll came), false for a heartbeat
   * only, which claims nothing.
   */
  private boolean awaitWorkOrHeartbeat() {
    try {
      long toPoll = settings.pollInterval().toNanos() - (System.nanoTime() - lastLook);
      long wait = Math.max(0, Math.min(toPoll, node.beatEvery().toNanos()));
      java.time.Duration toDue = dueAgain.left(clock);
      if (toDue != null) {
        wait = Math.min(wait, toDue.toNanos());
      }
      boolean woken = wake.await(java.time.Duration.ofNanos(wait), this::stopping);
      boolean cameDue = dueAgain.passed(clock);
      learnDue |= cameDue;
      woken |= cameDue;
      boolean poll = System.nanoTime() - lastLook >= settings.pollInterval().toNanos();
      if (woken || poll) {
        lastLook = System.nanoTime();
        learnDue |= poll;
        return true;
      }
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopping = true;
      return true;
    }
  }

  /** Closes the transports and the spooler's own connection; call after {@link #run()} returned. */
  public void close() {
    for (TransportProvider t : transports.transports()) {
      try {
        t.close();
      } catch (Exception e) {
        SpoolerLog.transportNotClosed(t.id(), e);
      }
    }
    threads.close();
    connection.close();
    synchronized (statusLock) {
      if (statusConnection != null) {
        statusConnection.close();
      }
    }
  }
}
