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
  private final QueueChannel channel;
  private final DataSource source;

  QueueSignal(QueueChannel channel, DataSource source) {
    this.channel = channel;
    this.source = source;
  }

  /**
   * For a server that queues messages and leaves delivery to others ({@code spoolerEnabled=false}):
   * register it as the store's queue listener and run it as a long-running work.
   */
  public QueueAnnouncer announcer() {
    return new QueueAnnouncer(this);
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
