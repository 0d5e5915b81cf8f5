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

  /**
   * How long the connection may be silent before it is asked whether it still answers: waiting for
   * notifications sends nothing, so a connection cut without a reset (a failover, a partition)
   * would otherwise leave the spooler deaf for good.
   */
  static final Duration SILENCE_CHECK = Duration.ofSeconds(30);

  private final Duration silenceCheck;

  /** Seconds the liveness question may take. */
  private static final int CHECK_TIMEOUT_SECONDS = 5;

  private final QueueSignal signal;
  private final Runnable wakeUp;
  private final Doorbell bell = new Doorbell();
  private Connection connection;
  private QueueChannel.Subscription subscription;
  private int failures;
  private boolean unavailable;
  private long lastHeardNanos;

  QueueListening(QueueSignal signal, Runnable wakeUp) {
    this(signal, wakeUp, SILENCE_CHECK);
  }

  /** With another silence before the liveness question (tests, which cannot wait 30 s). */
  QueueListening(QueueSignal signal, Runnable wakeUp, Duration silenceCheck) {
    this.signal = signal;
    this.wakeUp = wakeUp;
    this.silenceCheck = silenceCheck;
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
      QueueSignal.boundReads(connection); // so that UNLISTEN on a cut connection fails, not hangs
      subscription = signal.channel().subscribe(connection);
      lastHeardNanos = System.nanoTime();
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
            lastHeardNanos = System.nanoTime();
            wakeUp.run();
          } else if (System.nanoTime() - lastHeardNanos > silenceCheck.toNanos()) {
            checkStillAnswers();
          }
        } catch (SQLFeatureNotSupportedException e) {
          unavailable = true;
          StoreLog.queueSignalUnavailable(e);
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

  /**
   * Asks the connection, through the pool's own wrapper, whether it still answers; a pool whose
   * connection failed there learns it too, and discards it instead of lending it out again.
   */
  private void checkStillAnswers() throws SQLException {
    if (!connection.isValid(CHECK_TIMEOUT_SECONDS)) {
      throw new SQLException(
          "the listening connection did not answer within "
              + CHECK_TIMEOUT_SECONDS
              + " s after "
              + silenceCheck.toMillis()
              + " ms without a notification");
    }
    lastHeardNanos = System.nanoTime();
  }

  private void failed(SQLException e) {
    if (failures++ == 0) {
      StoreLog.queueSignalFailed("listening", e);
    }
    end(); // UNLISTEN through the wrapper: a broken connection fails there, and the pool sees it
  }

  /**
   * Gives up a subscription taken by {@link #subscribeNow()} whose {@link #run()} will never run
   * (the WorkManager refused the work): the connection goes back unsubscribed.
   */
  public void abandon() {
    end();
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
