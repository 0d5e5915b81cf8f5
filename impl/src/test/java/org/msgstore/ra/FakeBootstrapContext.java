package org.msgstore.ra;

import jakarta.resource.spi.BootstrapContext;
import jakarta.resource.spi.XATerminator;
import jakarta.resource.spi.work.ExecutionContext;
import jakarta.resource.spi.work.Work;
import jakarta.resource.spi.work.WorkContext;
import jakarta.resource.spi.work.WorkEvent;
import jakarta.resource.spi.work.WorkException;
import jakarta.resource.spi.work.WorkListener;
import jakarta.resource.spi.work.WorkManager;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.Timer;

/** A container's bootstrap context without a container: inline work, Narayana's registry. */
final class FakeBootstrapContext implements BootstrapContext {
  private final TransactionSynchronizationRegistry registry;
  private final WorkManager workManager;

  FakeBootstrapContext(TransactionSynchronizationRegistry registry) {
    this(registry, new InlineWorkManager());
  }

  private FakeBootstrapContext(
      TransactionSynchronizationRegistry registry, WorkManager workManager) {
    this.registry = registry;
    this.workManager = workManager;
  }

  /** Like a container: scheduled and started work runs on threads of its own. */
  static FakeBootstrapContext threaded(java.util.concurrent.ExecutorService threads) {
    return new FakeBootstrapContext(
        Narayana.synchronizationRegistry(), new ThreadedWorkManager(threads));
  }

  static FakeBootstrapContext withNarayana() {
    return new FakeBootstrapContext(Narayana.synchronizationRegistry());
  }

  @Override
  public WorkManager getWorkManager() {
    return workManager;
  }

  @Override
  public XATerminator getXATerminator() {
    return null;
  }

  @Override
  public Timer createTimer() {
    return new Timer(true);
  }

  @Override
  public boolean isContextSupported(Class<? extends WorkContext> workContextClass) {
    return false;
  }

  @Override
  public TransactionSynchronizationRegistry getTransactionSynchronizationRegistry() {
    return registry;
  }

  /** Runs every work on the caller's thread, so tests see its effects when the call returns. */
  static final class InlineWorkManager implements WorkManager {
    @Override
    public void doWork(Work work) {
      work.run();
    }

    @Override
    public void doWork(Work work, long timeout, ExecutionContext ctx, WorkListener listener) {
      run(work, listener);
    }

    @Override
    public long startWork(Work work) {
      work.run();
      return 0;
    }

    @Override
    public long startWork(Work work, long timeout, ExecutionContext ctx, WorkListener listener) {
      run(work, listener);
      return 0;
    }

    @Override
    public void scheduleWork(Work work) {
      work.run();
    }

    /**
     * A long-running work (the spooler loop, the queue signal) runs on a thread of its own, as a
     * container runs it: inline it would never return.
     */
    @Override
    public void scheduleWork(Work work, long timeout, ExecutionContext ctx, WorkListener listener) {
      if (longRunning(work)) {
        Thread thread = new Thread(() -> run(work, listener), "long-running work");
        thread.setDaemon(true);
        thread.start();
      } else {
        run(work, listener);
      }
    }

    private static boolean longRunning(Work work) {
      return work instanceof jakarta.resource.spi.work.WorkContextProvider p
          && p.getWorkContexts() != null
          && p.getWorkContexts().stream()
              .anyMatch(
                  c ->
                      c instanceof jakarta.resource.spi.work.HintsContext h
                          && Boolean.TRUE.equals(
                              h.getHints()
                                  .get(jakarta.resource.spi.work.HintsContext.LONGRUNNING_HINT)));
    }

    private void run(Work work, WorkListener listener) {
      if (listener != null) {
        listener.workAccepted(new WorkEvent(this, WorkEvent.WORK_ACCEPTED, work, null));
        listener.workStarted(new WorkEvent(this, WorkEvent.WORK_STARTED, work, null));
      }
      WorkException failure = null;
      try {
        work.run();
      } catch (RuntimeException e) {
        failure = new WorkException(e);
      }
      if (listener != null) {
        listener.workCompleted(new WorkEvent(this, WorkEvent.WORK_COMPLETED, work, failure));
      }
    }
  }

  /** Runs doWork, scheduled and started work on the given threads, as a container would. */
  static final class ThreadedWorkManager implements WorkManager {
    private final java.util.concurrent.ExecutorService threads;

    ThreadedWorkManager(java.util.concurrent.ExecutorService threads) {
      this.threads = threads;
    }

    @Override
    public void doWork(Work work) {
      work.run();
    }

    @Override
    public void doWork(Work work, long timeout, ExecutionContext ctx, WorkListener listener)
        throws WorkException {
      // As a container does: on a thread of the WorkManager (which has no transaction of the
      // caller's), while the caller waits.
      try {
        threads.submit(work).get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new WorkException(e);
      } catch (java.util.concurrent.ExecutionException e) {
        throw new WorkException(e.getCause());
      }
    }

    @Override
    public long startWork(Work work) throws WorkException {
      scheduleWork(work);
      return 0;
    }

    @Override
    public long startWork(Work work, long timeout, ExecutionContext ctx, WorkListener listener)
        throws WorkException {
      scheduleWork(work);
      return 0;
    }

    @Override
    public void scheduleWork(Work work) throws WorkException {
      try {
        threads.execute(work);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        throw new WorkException(e);
      }
    }

    @Override
    public void scheduleWork(Work work, long timeout, ExecutionContext ctx, WorkListener listener)
        throws WorkException {
      scheduleWork(work);
    }
  }
}
