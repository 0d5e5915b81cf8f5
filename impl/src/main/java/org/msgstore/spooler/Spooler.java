package org.msgstore.spooler;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;
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
 * net, until {@link #stop()}. Nothing escapes a round: every failure is recorded on its message and
 * reported as an event, so the loop never dies.
 */
public final class Spooler implements QueueListener {
  private static final Logger LOG = Logger.getLogger(Spooler.class.getName());
  static final int MAPI_DIAG_MAXIMUM_TIME_EXPIRED = MessageDelivery.MAPI_DIAG_MAXIMUM_TIME_EXPIRED;

  private final MessageStore store;
  private final SpoolerSettings settings;
  private final Clock clock;
  private final TransportChain transports;
  private final RetryPolicy retry;
  private final SpoolerConnection connection;
  private final SpoolerSession session;
  private final Executor executor;
  private final BlockingQueue<Worker> idle;
  private final List<Worker> workers = new ArrayList<>();

  /**
   * Messages {@link #run()} claimed that no delivery thread has taken yet (the loop adds, threads
   * take).
   */
  private final Deque<Claimed> ahead = new ConcurrentLinkedDeque<>();

  private final List<SpoolerListener> listeners = new CopyOnWriteArrayList<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  private boolean woken;
  private volatile boolean stopping;

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
    this.retry =
        new RetryPolicy(settings.backoffMin(), settings.backoffMax(), settings.maxQueueLifetime());
    this.connection = new SpoolerConnection(store);
    this.session = store.spoolerSession(connection, settings.owner(), settings.lease());
    this.executor = executor;
    this.idle = new ArrayBlockingQueue<>(deliveryThreads);
    for (int i = 0; i < deliveryThreads; i++) {
      // Each delivery thread has a connection of its own, apart from the loop's: a delivery's
      // transaction must never take in the loop's claims.
      SpoolerConnection c = new SpoolerConnection(store);
      SpoolerSession s = store.spoolerSession(c, settings.owner(), settings.lease());
      Worker w =
          new Worker(c, s, new MessageDelivery(store, c, s, this.transports, retry, this::emit));
      workers.add(w);
      idle.add(w);
    }
  }

  /** One delivery thread's connection, its spooler view of the store, and its delivery logic. */
  private record Worker(
      SpoolerConnection connection, SpoolerSession session, MessageDelivery delivery) {}

  /**
   * Starts every transport with the adapter's settings, the clock and the store's own mailboxes
   * (for the local-mailbox transport). A transport that fails to start is left out of the chain.
   */
  public void startTransports(Map<String, String> transportSettings) {
    TransportContext context =
        new SpoolerTransportContext(
            Map.copyOf(transportSettings), clock, new LocalDeliveries(store, connection));
    for (TransportProvider t : transports.transports()) {
      t.start(context);
    }
  }

  public void addListener(SpoolerListener listener) {
    listeners.add(listener);
  }

  /**
   * Commit notification from the store: a message was queued, so look now rather than at the next
   * poll.
   */
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

  /**
   * Delivers until {@link #stop()}, continuously: a delivery thread that frees up gets the next
   * claimed message at once, and the next claim is made while the last messages of the previous one
   * are still out, so a slow message never holds up the others. An empty queue waits for a commit
   * notification or the poll.
   */
  public void run() {
    store.addQueueListener(this);
    boolean lookAgain = true;
    try {
      while (!stopping) {
        try {
          // Claim ahead while fewer are waiting than there are delivery threads, but only when the
          // last claim was full or something changed since: an empty claim is not repeated per
          // message.
          boolean changed = takeWoken();
          if (ahead.size() < workers.size() && (lookAgain || changed)) {
            int want = Math.max(1, settings.batchSize() - ahead.size());
            List<EntryId> claimed = session.claim(want);
            Instant at = clock.instant();
            claimed.forEach(id -> ahead.add(new Claimed(id, at)));
            lookAgain = claimed.size() == want;
          }
          if (ahead.isEmpty()) {
            awaitWork(settings.pollInterval());
            lookAgain = true; // woken or the poll: deferred messages may have come due
            continue;
          }
          dispatchNext();
        } catch (RuntimeException e) {
          // The boundary of the loop: report and go on after a poll; what is claimed lapses or is
          // released.
          emit(SpoolerEvent.Kind.UNEXPECTED_ERROR, null, e.toString());
          LOG.log(
              Level.WARNING,
              SpoolerLog.MSGS3002 + " spooler round failed; retrying at the next poll",
              e);
          awaitWork(settings.pollInterval());
          lookAgain = true;
        }
      }
    } finally {
      store.removeQueueListener(this);
      awaitDeliveriesInFlight();
      ahead.clear(); // their locks go with the others
      releaseLocks();
    }
  }

  /**
   * A message this node locked, and when: a message waiting for a thread longer than half a lease
   * is renewed first.
   */
  private record Claimed(EntryId id, Instant at) {}

  /**
   * Hands the oldest claimed message to the next free delivery thread, which may take more from
   * {@link #ahead} when it is done with it ({@link #execute}). If no thread frees up within a
   * lease, a transport hangs: the loop goes on, and the messages claimed ahead are left to lapse.
   */
  private void dispatchNext() {
    Worker w = takeIdle();
    if (stopping) {
      if (w != null) {
        idle.add(w);
      }
      return;
    }
    if (w == null) {
      Claimed oldest = ahead.peek();
      emit(
          SpoolerEvent.Kind.UNEXPECTED_ERROR,
          oldest == null ? null : oldest.id(),
          "no delivery thread free within " + settings.lease() + "; a transport may hang");
      ahead.clear();
      return;
    }
    Claimed next = ahead.poll();
    if (next == null) { // the delivery threads took them all meanwhile
      idle.add(w);
      return;
    }
    emit(SpoolerEvent.Kind.CLAIMED, next.id(), null);
    execute(w, next, ahead, () -> {});
  }

  /**
   * At the end of {@link #run()}: lets the sends in progress finish (R66), but never waits longer
   * than a lease for a hung one; its lock is released with the others.
   */
  private void awaitDeliveriesInFlight() {
    long deadline = System.nanoTime() + settings.lease().toNanos();
    try {
      while (idle.size() < workers.size()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          emit(
              SpoolerEvent.Kind.UNEXPECTED_ERROR,
              null,
              "a delivery ran longer than the lease " + settings.lease() + " after stop");
          return;
        }
        Thread.sleep(Math.max(1, Math.min(10, left / 1_000_000)));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private boolean takeWoken() {
    lock.lock();
    try {
      boolean was = woken;
      woken = false;
      return was;
    } finally {
      lock.unlock();
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
    CountDownLatch done = new CountDownLatch(claimed.size());
    Instant claimedAt = clock.instant();
    for (EntryId id : claimed) {
      if (stopping) {
        done.countDown();
        continue;
      }
      Worker w = takeIdle();
      if (w == null) {
        // Every delivery thread is still busy after a whole lease: a transport hangs. The messages
        // not dispatched keep their lease and come back to the queue when it lapses.
        emit(
            SpoolerEvent.Kind.UNEXPECTED_ERROR,
            id,
            "no delivery thread free within " + settings.lease() + "; a transport may hang");
        done.countDown();
        continue;
      }
      emit(SpoolerEvent.Kind.CLAIMED, id, null);
      execute(
          w,
          new Claimed(id, claimedAt),
          new ArrayDeque<>(),
          done::countDown); // a round: one message per thread
    }
    awaitQuietly(done);
    if (stopping) {
      releaseLocks();
    }
    return claimed.size();
  }

  /**
   * Delivers {@code first} on {@code w}; while more claimed messages wait in {@code more}, the
   * thread takes them too, one after the other, up to {@link #runLimit()} messages. The plain
   * finishes of the run commit together at its end: with a backlog, one write of the store's pages
   * for several messages instead of one each. Every message is still sent as soon as the thread has
   * it, so the run delays only the recording of what was sent, by at most the run's later sends.
   * {@code w} goes back to the idle threads afterwards.
   */
  private void execute(Worker w, Claimed first, Queue<Claimed> more, Runnable afterwards) {
    executor.execute(
        () -> {
          List<Sent> sent = new ArrayList<>();
          try {
            int taken = 0;
            for (Claimed next = first; next != null; ) {
              taken++;
              if (holds(w, next, "waited to be delivered")) {
                MessageDelivery.PendingFinish pending = w.delivery().attempt(next.id());
                if (pending != null) {
                  sent.add(new Sent(next, pending));
                }
              }
              next = taken < runLimit() && !stopping ? more.poll() : null;
              if (next != null) {
                emit(SpoolerEvent.Kind.CLAIMED, next.id(), null);
              }
            }
          } catch (RuntimeException e) {
            emit(SpoolerEvent.Kind.UNEXPECTED_ERROR, null, e.toString());
          } finally {
            try {
              w.delivery().finishTogether(stillHeld(w, sent));
            } catch (RuntimeException e) {
              emit(SpoolerEvent.Kind.UNEXPECTED_ERROR, null, e.toString());
            } finally {
              idle.add(w);
              afterwards.run();
            }
          }
        });
  }

  /** At most this many messages in one delivery thread's run: its share of a claim. */
  private int runLimit() {
    return Math.max(1, settings.batchSize() / workers.size());
  }

  /**
   * Whether this node still holds {@code c}: a lease past its half (the message waited for a
   * thread, or behind its run's other sends) is renewed first; a lease already lost is reported.
   */
  private boolean holds(Worker w, Claimed c, String what) {
    if (Duration.between(c.at(), clock.instant()).compareTo(settings.lease().dividedBy(2)) <= 0
        || w.session().renewLease(c.id())) {
      return true;
    }
    emit(SpoolerEvent.Kind.LEASE_LOST, c.id(), "lease lapsed while the message " + what);
    return false;
  }

  /** A message of a run that went out and waits for the run's commit, with when it was claimed. */
  private record Sent(Claimed claimed, MessageDelivery.PendingFinish finish) {}

  /**
   * The finishes of a run whose leases still hold at its end; the others' messages are left to
   * their new holder.
   */
  private List<MessageDelivery.PendingFinish> stillHeld(Worker w, List<Sent> sent) {
    List<MessageDelivery.PendingFinish> held = new ArrayList<>();
    for (Sent s : sent) {
      if (holds(w, s.claimed(), "waited for its run to end")) {
        held.add(s.finish());
      } else {
        s.finish().message().close();
      }
    }
    return held;
  }

  private Worker takeIdle() {
    try {
      return idle.poll(settings.lease().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopping = true;
      return null;
    }
  }

  /**
   * Waits for the round's deliveries, but never longer than a lease: a hung transport must not stop
   * the loop. What it holds lapses with its lease and is retried.
   */
  private void awaitQuietly(CountDownLatch done) {
    try {
      if (!done.await(settings.lease().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
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

  /** Messages in the outgoing queue now (all nodes), for status pages. */
  public int queueDepth() {
    return session.queueDepth();
  }

  /** The first {@code max} queued messages with their state, for status pages. */
  public List<SpoolerSession.QueueItem> queueItems(int max) {
    return session.queueItems(max);
  }

  /** Releases every lease this node holds; returns how many. Used at stop. */
  public int releaseLocks() {
    try {
      return session.unlockAll();
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING,
          SpoolerLog.MSGS3003 + " could not release this node's locks; they lapse with their lease",
          e);
      return 0;
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
        LOG.log(
            Level.WARNING,
            SpoolerLog.MSGS3003 + " transport " + t.id() + " did not close cleanly",
            e);
      }
    }
    workers.forEach(w -> w.connection().close());
    connection.close();
  }
}
