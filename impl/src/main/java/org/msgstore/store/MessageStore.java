package org.msgstore.store;

import java.sql.SQLException;
import java.time.Clock;
import javax.sql.XAConnection;
import org.msgstore.MapiError;
import org.msgstore.MapiException;

/**
 * The message store of one adapter: its database (schema migrated at open), the mailboxes in it,
 * and the MAPI rules over them. Thread-safe; one per resource adapter.
 */
public final class MessageStore implements AutoCloseable {
  private MessageStore() {}

  /** Opens the store: chooses the dialect from the database and applies schema migrations. */
  public static MessageStore open(StoreSettings settings, Clock clock) {
    throw new MapiException(MapiError.MAPI_E_NO_SUPPORT, "store not implemented yet");
  }

  /** A new physical XA connection to the store's database, for one managed connection. */
  public XAConnection openXAConnection() throws SQLException {
    throw new SQLException("store not implemented yet");
  }

  /**
   * A session on {@code mailbox} over {@code connection}; the mailbox and its folders are created on
   * first use.
   */
  public MailboxSession session(StoreConnection connection, String mailbox) {
    throw new MapiException(MapiError.MAPI_E_NO_SUPPORT, "store not implemented yet");
  }

  public Clock clock() {
    return Clock.systemUTC();
  }

  @Override
  public void close() {}
}
