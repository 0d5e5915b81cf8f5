package org.msgstore.ra;

import jakarta.resource.spi.work.HintsContext;
import jakarta.resource.spi.work.Work;
import jakarta.resource.spi.work.WorkContext;
import jakarta.resource.spi.work.WorkContextProvider;
import jakarta.resource.spi.work.WorkException;
import jakarta.resource.spi.work.WorkManager;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.msgstore.store.MessageStore;
import org.msgstore.store.QueueAnnouncer;
import org.msgstore.store.QueueListening;
import org.msgstore.store.QueueSignal;

/**
 * The queue signal between servers as the adapter runs it, where the store's database has one
 * (PostgreSQL): a server with a spooler listens, so messages queued on submit-only servers ({@code
 * spoolerEnabled=false}) are delivered at once rather than at its poll; a server without one
 * announces what it queued. Either way one long-running work holding one connection.
 */
final class CrossNodeWakeUp {
  /**
   * How long stop() waits for the work to give its connection back (its loops look each second).
   */
  private static final long STOP_WAIT_MS = 3_000;

  private final Runnable stop;
  private final CountDownLatch ended = new CountDownLatch(1);

  private CrossNodeWakeUp(Runnable stop) {
    this.stop = stop;
  }

  /**
   * Starts listening for {@code spooler}, or announcing when it is null; empty where the database
   * has no signal or the WorkManager refused the work.
   */
  static Optional<CrossNodeWakeUp> start(
      MessageStore store, SpoolerRuntime spooler, WorkManager workManager) {
    Optional<QueueSignal> signal = store.queueSignal();
    if (signal.isEmpty()) {
      return Optional.empty();
    }
    if (spooler != null) {
      QueueListening listening = signal.get().listening(spooler.spooler()::wakeUp);
      listening.subscribeNow(); // heard from now on; a failure is retried by the work
      return schedule(
          workManager,
          "listening",
          listening,
          new CrossNodeWakeUp(listening::stop),
          listening::abandon);
    }
    QueueAnnouncer announcer = signal.get().announcer();
    store.addQueueListener(announcer);
    Runnable stop =
        () -> {
          store.removeQueueListener(announcer);
          announcer.stop();
        };
    return schedule(workManager, "announcing", announcer, new CrossNodeWakeUp(stop), stop);
  }

  private static Optional<CrossNodeWakeUp> schedule(
      WorkManager workManager, String role, Runnable loop, CrossNodeWakeUp running, Runnable undo) {
    try {
      workManager.scheduleWork(
          running.new LoopWork(loop, role), WorkManager.INDEFINITE, null, null);
      return Optional.of(running);
    } catch (WorkException | RuntimeException e) {
      undo.run();
      RaLog.queueSignalNotScheduled(role, e);
      return Optional.empty();
    }
  }

  /** Stops the loop and waits briefly for it to give its connection back. */
  void stop() {
    stop.run();
    try {
      ended.await(STOP_WAIT_MS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Long-running, so the container gives it a thread of its own. */
  private final class LoopWork implements Work, WorkContextProvider {
    private final Runnable loop;
    private final String role;

    LoopWork(Runnable loop, String role) {
      this.loop = loop;
      this.role = role;
    }

    @Override
    public void run() {
      try {
        loop.run();
      } finally {
        ended.countDown();
      }
    }

    @Override
    public void release() {
      stop.run();
    }

    @Override
    public List<WorkContext> getWorkContexts() {
      HintsContext hints = new HintsContext();
      hints.setName("MsgStore queue signal (" + role + ")");
      hints.setHint(HintsContext.LONGRUNNING_HINT, Boolean.TRUE);
      return List.of(hints);
    }
  }
}
