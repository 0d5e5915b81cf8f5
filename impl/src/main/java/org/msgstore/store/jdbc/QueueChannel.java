package org.msgstore.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/**
 * A signal between servers that share the store, carried by the database itself: a server that
 * queued messages announces it, and the spoolers of the other servers hear it at once instead of at
 * their next poll. PostgreSQL has one ({@code NOTIFY}/{@code LISTEN}); elsewhere spoolers poll.
 */
public interface QueueChannel {
  /** Announces on {@code c}, which commits on its own: the listeners hear it at that commit. */
  void announce(Connection c) throws SQLException;

  /**
   * Starts listening on {@code c}, held for as long as the subscription lives.
   *
   * @throws java.sql.SQLFeatureNotSupportedException when the connection cannot deliver the
   *     database's notifications to this code (a pool's wrapper that hides them)
   */
  Subscription subscribe(Connection c) throws SQLException;

  /** A connection listening on the channel. */
  interface Subscription {
    /** Waits up to {@code timeout}; whether an announcement came in that time (or before). */
    boolean await(Duration timeout) throws SQLException;

    /** Stops listening, so the connection can go back to a pool without the subscription. */
    void end() throws SQLException;
  }
}
