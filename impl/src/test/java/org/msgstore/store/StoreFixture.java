package org.msgstore.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import javax.sql.XAConnection;
import org.msgstore.MapiError;
import org.msgstore.MapiException;

/**
 * A store on a test database (by default an H2 file in a test's temporary folder; see {@link
 * StoreContract} for PostgreSQL), and sessions over plain (auto-commit) connections, as a client
 * sees them outside any transaction.
 */
final class StoreFixture implements AutoCloseable {
  final MessageStore store;
  private final List<XAConnection> opened =
      java.util.Collections.synchronizedList(new ArrayList<>());

  StoreFixture(Path dir) {
    this(dir, Clock.systemUTC());
  }

  StoreFixture(Path dir, Clock clock) {
    this(settings(dir), clock);
  }

  StoreFixture(StoreSettings settings, Clock clock) {
    this.store = MessageStore.open(settings, clock);
  }

  static StoreSettings settings(Path dir) {
    return new StoreSettings(
        "jdbc:h2:file:" + dir.resolve("msgstore").toAbsolutePath(), "sa", "", 5000);
  }

  MailboxSession session(String mailbox) {
    return store.session(connection(), mailbox);
  }

  PlainConnection connection() {
    try {
      XAConnection xa = store.openXAConnection();
      opened.add(xa);
      return new PlainConnection(xa.getConnection());
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() throws SQLException {
    for (XAConnection xa : List.copyOf(opened)) {
      xa.close();
    }
    store.close();
  }

  /**
   * A store connection with no transaction around it; closing it makes later use fail as a handle
   * would.
   */
  static final class PlainConnection implements StoreConnection {
    private final Connection jdbc;
    private boolean closed;
    final List<SQLException> failures = new ArrayList<>();

    PlainConnection(Connection jdbc) {
      this.jdbc = jdbc;
    }

    @Override
    public Connection jdbc() {
      if (closed) {
        throw new MapiException(
            MapiError.MAPI_E_INVALID_OBJECT, "the connection handle was closed");
      }
      return jdbc;
    }

    @Override
    public boolean inTransaction() {
      return false;
    }

    @Override
    public void afterCommit(Runnable action) {
      throw new AssertionError("afterCommit outside a transaction");
    }

    @Override
    public void statementFailed(SQLException e) {
      failures.add(e);
    }

    void close() {
      closed = true;
    }
  }
}
