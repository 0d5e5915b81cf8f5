package org.msgstore.store;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.msgstore.store.jdbc.QueueChannel;

/**
 * The database's signal between servers that share the store ({@link QueueChannel}), with the
 * connections it runs on: each loop of it holds one connection of the store's datasource for as
 * long as it works, taken outside any transaction.
 */
public final class QueueSignal {
  /**
   * Longest read of a statement of the signal's (an announcement, LISTEN, UNLISTEN); each answers
   * in milliseconds when the database is there.
   */
  private static final int READ_TIMEOUT_MS = 10_000;

  private final QueueChannel channel;
  private final DataSource source;
  private final java.time.Clock clock;

  QueueSignal(QueueChannel channel, DataSource source, java.time.Clock clock) {
    this.channel = channel;
    this.source = source;
    this.clock = clock;
  }

  /**
   * For a server that queues messages and leaves delivery to others ({@code spoolerEnabled=false}):
   * register it as the store's queue listener and run it as a long-running work.
   */
  public QueueAnnouncer announcer() {
    return new QueueAnnouncer(this, clock);
  }

  /** For a spooler: {@code wakeUp} runs when another server announced queued messages. */
  public QueueListening listening(Runnable wakeUp) {
    return new QueueListening(this, wakeUp);
  }

  QueueChannel channel() {
    return channel;
  }

  Connection connection() throws SQLException {
    return source.getConnection();
  }

  /** Within a test's own patience: listening with a shorter silence before the liveness check. */
  QueueListening listening(Runnable wakeUp, java.time.Duration silenceCheck) {
    return new QueueListening(this, wakeUp, silenceCheck);
  }

  /**
   * Bounds the reads on {@code c}, so that an announcement on a connection cut without a reset
   * fails and is retried on a new one instead of blocking its thread until the TCP stack gives up.
   */
  static void boundReads(Connection c) {
    try {
      c.setNetworkTimeout(Runnable::run, READ_TIMEOUT_MS);
    } catch (SQLException | RuntimeException e) {
      // A driver or pool without it: the operating system's TCP timeout applies.
    }
  }

  static void closeQuietly(Connection c) {
    if (c != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // A broken connection: the pool discards it, nothing of ours is lost.
      }
    }
  }
}
