package org.msgstore.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import org.msgstore.PropTag;

/**
 * What the store needs from the owner of a physical connection (in the server: the managed
 * connection behind an application's handle).
 *
 * <p>The store never commits inside a transaction it does not own: when {@link #inTransaction()} is
 * true its writes become part of that (XA or local) transaction; otherwise each store operation
 * runs as its own local transaction and commits before it returns.
 */
public interface StoreConnection {
  /**
   * The JDBC connection for the next unit of store work; the store gives it back with {@link
   * #release} when the unit ends. Fails with a clear error when the handle behind it was closed or
   * invalidated.
   */
  Connection jdbc();

  /**
   * Gives back a connection from {@link #jdbc()} once the unit of work is done with it. A
   * connection held for the owner's whole life stays open (the default); one taken from the
   * application's datasource per unit is closed, which hands it back to the server's pool (inside a
   * JTA transaction the server keeps the enlisted connection for the transaction).
   */
  default void release(Connection c) {}

  /**
   * Fails with a clear error when the handle behind this connection was closed or invalidated,
   * without taking a connection: for calls that check early and touch the database later.
   */
  default void checkOpen() {}

  /** Whether a global (XA) or local transaction is active on this connection. */
  boolean inTransaction();

  /**
   * Runs {@code action} once the active transaction commits, never if it rolls back. Only called
   * while {@link #inTransaction()} is true.
   */
  void afterCommit(Runnable action);

  /**
   * Tells the owner that a statement failed; the owner decides whether the physical connection is
   * broken (and reports that to the pool). The store still throws its own error to the caller.
   */
  void statementFailed(SQLException e);

  /**
   * Fails when the transaction this connection works in can no longer commit (it is marked
   * rollback-only): a submit() there would do work that is certain to be thrown away, so it is
   * refused at the call instead. Outside a transaction there is nothing to check.
   */
  default void checkTransactionCanCommit() {}

  /**
   * Called just before the store creates {@code mailbox} (it did not exist): the owner refuses with
   * a {@code MapiException} when its users may not create mailboxes.
   */
  default void checkCreateMailbox(String mailbox) {}

  /**
   * Called by submit() before it writes anything, with the message's properties: the owner refuses
   * with a {@code MapiException} a sender address its users may not send from.
   */
  default void checkSenders(String mailbox, Map<PropTag<?>, Object> props) {}
}
