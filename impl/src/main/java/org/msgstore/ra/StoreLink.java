package org.msgstore.ra;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.LocalTransaction;
import java.sql.Connection;
import java.sql.SQLException;
import javax.transaction.xa.XAResource;

/**
 * How one managed connection reaches the store's database and takes part in transactions: through a
 * physical XA connection of its own ({@link OwnDatabaseLink}), or through the application's
 * datasource, whose connection for the transaction carries the store's statements ({@link
 * ApplicationDataSourceLink}).
 */
interface StoreLink {
  /** The JDBC connection for one unit of store work. */
  Connection acquire();

  /** Gives back a connection from {@link #acquire()}. */
  void release(Connection c);

  /** Whether the store's statements now belong to a transaction it does not commit itself. */
  boolean inTransaction();

  /** Runs {@code action} once that transaction commits; never on rollback. */
  void afterCommit(Runnable action);

  /** Refuses new work, at the call, in a transaction marked rollback-only. */
  void checkCanCommit();

  /** The resource the container enlists in a global transaction. */
  XAResource xaResource() throws ResourceException;

  /** The local transaction the container drives for a LocalTransaction connection definition. */
  LocalTransaction localTransaction() throws ResourceException;

  /** Ends the current use: rolls back what the last user left unfinished. */
  void reset() throws SQLException;

  /** Closes what the link owns; the managed connection is being destroyed. */
  void close() throws SQLException;

  /** Whether {@code failure} means this link's physical connection is broken for good. */
  boolean brokenBy(SQLException failure);

  /**
   * Whether the physical connection the link owns still answers within {@code timeoutSeconds}, as
   * {@link Connection#isValid(int)} says; a link that owns none is valid.
   */
  boolean isValid(int timeoutSeconds);

  /**
   * Whether the pool may lend the managed connection to an application; false for a link made
   * before the adapter runs ({@link NotStartedLink}).
   */
  default boolean usable() {
    return true;
  }

  /** The database user the store works as, for the connection's metadata. */
  String userName() throws SQLException;
}
