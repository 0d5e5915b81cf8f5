package org.msgstore.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.msgstore.testing.PlainConnection;
import org.msgstore.testing.TestStores;

/**
 * A store on a test database (by default an H2 file in a test's temporary folder; see {@link
 * StoreContract} for PostgreSQL), and sessions over plain (auto-commit) connections, as a client
 * sees them outside any transaction.
 */
final class StoreFixture implements AutoCloseable {
  final MessageStore store;
  private final List<Connection> opened = java.util.Collections.synchronizedList(new ArrayList<>());

  StoreFixture(Path dir) {
    this(dir, Clock.systemUTC());
  }

  StoreFixture(Path dir, Clock clock) {
    this(TestStores.h2(dir), clock);
  }

  StoreFixture(StoreSettings settings, Clock clock) {
    this.store = MessageStore.open(settings, clock);
  }

  MailboxSession session(String mailbox) {
    return store.session(connection(), mailbox);
  }

  /** A spooler's view of the store for node {@code owner}, on a connection of its own. */
  SpoolerSession spoolerSession(String owner, Duration lease) {
    return store.spoolerSession(connection(), owner, lease);
  }

  PlainConnection connection() {
    try {
      Connection c = store.openConnection();
      opened.add(c);
      return new PlainConnection(c);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() throws SQLException {
    for (Connection c : List.copyOf(opened)) {
      c.close();
    }
    store.close();
  }
}
