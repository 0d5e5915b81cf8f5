package org.msgstore.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import org.msgstore.store.jdbc.QueueChannel;
import org.msgstore.store.jdbc.StoreLog;

/**
 * A spooler's ear for other servers' announcements ({@link QueueAnnouncer}): it holds a listening
 * connection and wakes the spooler when one comes in. A lost connection is taken again with a
 * growing pause, and the spooler is woken once when listening resumes, for announcements made while
 * it was deaf.
 */
public final class QueueListening implements Runnable {
  /** How long one wait for an announcement lasts before the loop looks at its stop flag again. */
  private static final Duration LISTEN_LOOK = Duration.ofSeconds(1);

  private final QueueSignal signal;
  private final Runnable wakeUp;
  private final Doorbell bell = new Doorbell();
  private Connection connection;
  private QueueChannel.Subscription subscription;
  private int failures;
  private boolean unavailable;

  QueueListening(QueueSignal signal, Runnable wakeUp) {
    this.signal = signal;
    this.wakeUp = wakeUp;
  }

  /**
   * Starts listening on the calling thread, so announcements made from now on are heard once {@link
   * #run()} runs; false when that failed (run() tries again) or cannot work on this datasource.
   */
  public boolean subscribeNow() {
    if (subscription != null) {
      return true;
    }
    try {
      connection = signal.connection();
      subscription = signal.channel().subscribe(connection);
      if (failures > 0) {
        StoreLog.queueSignalResumed("listening");
        wakeUp.run();
      }
      failures = 0;
      return true;
    } catch (SQLFeatureNotSupportedException e) {
      unavailable = true;
      StoreLog.queueSignalUnavailable(e);
      release();
      return false;
    } catch (SQLException e) {
      failed(e);
      return false;
    }
  }

  /** Listens until {@link #stop()}; ends at once where the datasource cannot deliver them. */
  @Override
  public void run() {
    try {
      while (!bell.stopped() && !unavailable) {
        if (subscription == null && !subscribeNow()) {
          bell.await(Doorbell.backoff(failures), false);
          continue;
        }
        try {
          if (subscription.await(LISTEN_LOOK)) {
            wakeUp.run();
          }
        } catch (SQLException e) {
          failed(e);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      end();
    }
  }

  /** Ends {@link #run()} within a second. */
  public void stop() {
    bell.stop();
  }

  private void failed(SQLException e) {
    if (failures++ == 0) {
      StoreLog.queueSignalFailed("listening", e);
    }
    release();
  }

  /** Stops listening and gives the connection back, unsubscribed, to the pool. */
  private void end() {
    if (subscription != null) {
      try {
        subscription.end();
      } catch (SQLException ignored) {
        // The connection is going anyway; a pool validates or discards it.
      }
    }
    release();
  }

  private void release() {
    subscription = null;
    QueueSignal.closeQuietly(connection);
    connection = null;
  }
}
