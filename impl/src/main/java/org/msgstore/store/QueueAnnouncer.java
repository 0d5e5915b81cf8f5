package org.msgstore.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import org.msgstore.store.jdbc.StoreLog;

/**
 * Announces this server's queued messages to the other servers' spoolers. It hears the store's own
 * after-commit event and announces from its own thread on a connection of its own, so a submit's
 * commit never waits for it and a burst of commits makes one announcement, not one each. A message
 * queued to be sent later is announced when it comes due, when a spooler can take it; until then an
 * announcement would only make them look at a queue with nothing due. Those due times are kept in
 * memory: after a restart, the spoolers' poll finds such messages.
 */
public final class QueueAnnouncer implements QueueListener, Runnable {
  /** How long one wait for a commit lasts before the loop looks at its stop flag again. */
  private static final Duration IDLE_LOOK = Duration.ofSeconds(1);

  private final QueueSignal signal;
  private final Clock clock;
  private final Doorbell bell = new Doorbell();

  /**
   * Messages queued here to be sent later. A sooner one arriving needs nothing: the loop looks at
   * them at least every {@link #IDLE_LOOK}.
   */
  private final DueTimes later = new DueTimes(() -> {});

  private Connection connection;
  private int failures;

  QueueAnnouncer(QueueSignal signal, Clock clock) {
    this.signal = signal;
    this.clock = clock;
  }

  @Override
  public void queueChanged(QueueEvent event) {
    if (event.kind() != QueueEvent.Kind.TABLE_ROW_ADDED) {
      return;
    }
    if (event.due() != null && event.due().isAfter(clock.instant())) {
      later.note(event.due());
    } else {
      bell.ring();
    }
  }

  /** Announces after each commit that queued messages, until {@link #stop()}. */
  @Override
  public void run() {
    try {
      while (!bell.stopped()) {
        Duration wait = IDLE_LOOK;
        Duration toDue = later.left(clock);
        if (toDue != null && toDue.compareTo(wait) < 0) {
          wait = toDue;
        }
        // Non-short-circuit: a passed due time is forgotten when it is looked at.
        if (bell.await(wait, true) | later.passed(clock)) {
          announce();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      QueueSignal.closeQuietly(connection);
      connection = null;
    }
  }

  /** Ends {@link #run()} within a second. */
  public void stop() {
    bell.stop();
  }

  private void announce() throws InterruptedException {
    try {
      if (connection == null) {
        connection = signal.connection();
        QueueSignal.boundReads(connection);
      }
      signal.channel().announce(connection);
      if (failures > 0) {
        StoreLog.queueSignalResumed("announcing");
      }
      failures = 0;
    } catch (SQLException e) {
      QueueSignal.closeQuietly(connection);
      connection = null;
      if (failures++ == 0) {
        StoreLog.queueSignalFailed("announcing", e);
      }
      bell.ring(); // the announcement is still owed
      bell.await(Doorbell.backoff(failures), false);
    }
  }
}
