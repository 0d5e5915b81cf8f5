package org.msgstore.testing;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.msgstore.MapiError;
import org.msgstore.MapiException;
import org.msgstore.store.StoreConnection;

/**
 * A store connection with no transaction around it, as a client sees the store outside any
 * transaction: each store operation commits on its own. Closing it makes later use fail as a closed
 * handle would.
 */
public final class PlainConnection implements StoreConnection {
  private final Connection jdbc;
  private boolean closed;

  /** The statement failures the store reported, in order. */
  public final List<SQLException> failures = new ArrayList<>();

  public PlainConnection(Connection jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public Connection jdbc() {
    checkOpen();
    return jdbc;
  }

  @Override
  public void checkOpen() {
    if (closed) {
      throw new MapiException(MapiError.MAPI_E_INVALID_OBJECT, "the connection handle was closed");
    }
  }

  @Override
  public boolean inTransaction() {
    return false;
  }

  /** Never called: the store asks for after-commit actions only inside a transaction. */
  @Override
  public void afterCommit(Runnable action) {
    throw new AssertionError("afterCommit outside a transaction");
  }

  @Override
  public void statementFailed(SQLException e) {
    failures.add(e);
  }

  public void close() {
    closed = true;
  }
}
