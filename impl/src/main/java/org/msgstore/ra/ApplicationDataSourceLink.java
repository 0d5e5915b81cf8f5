package org.msgstore.ra;

import jakarta.resource.NotSupportedException;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.LocalTransaction;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import javax.transaction.xa.XAResource;
import org.msgstore.MapiError;
import org.msgstore.MapiException;
import org.msgstore.store.MessageStore;

/**
 * The application's datasource ({@code dataSource} mode): each unit of store work takes a
 * connection from the server's datasource and gives it back. Inside a JTA transaction the server
 * hands out the connection it enlisted for that transaction, so the store's statements and the
 * application's commit together, in one phase when the datasource is the transaction's only
 * resource. The managed connection itself owns no physical connection and is never enlisted.
 */
final class ApplicationDataSourceLink implements StoreLink {
  private final MsgStoreManagedConnectionFactory factory;
  private final MessageStore store;
  private final String dataSource;
  private final CallerTransaction callerTransaction;

  ApplicationDataSourceLink(
      MsgStoreManagedConnectionFactory factory, MessageStore store, String dataSource) {
    this.factory = factory;
    this.store = store;
    this.dataSource = dataSource;
    this.callerTransaction = new CallerTransaction(factory, this::inTransaction);
  }

  /**
   * A connection from the datasource: inside a JTA transaction, the one the server enlisted in it.
   * Whether it was enlisted cannot be told from the connection (drivers report auto-commit
   * differently inside an XA branch), so a non-JTA datasource is a configuration the README warns
   * against rather than one refused here.
   */
  @Override
  public Connection acquire() {
    try {
      return store.openConnection();
    } catch (SQLException e) {
      throw new MapiException(
          MapiError.MAPI_E_NETWORK_ERROR, RaLog.dataSourceConnectionFailed(dataSource, e), e);
    }
  }

  @Override
  public void release(Connection c) {
    try {
      c.close();
    } catch (SQLException e) {
      // The server's pool judges its own connections; the store's work is already done.
      RaLog.dataSourceConnectionNotReturned(dataSource, e);
    }
  }

  /**
   * Whether the calling thread is in a JTA transaction, whatever its state: the datasource's
   * connection then belongs to it, and the store must never commit on it. Without a registry to ask
   * the answer is unknown, which is refused rather than guessed.
   */
  @Override
  public boolean inTransaction() {
    return registry().getTransactionKey() != null;
  }

  @Override
  public void afterCommit(Runnable action) {
    callerTransaction.afterCommit(action);
  }

  @Override
  public void checkCanCommit() {
    callerTransaction.checkCanCommit();
  }

  /**
   * Never: the datasource's connection is the transaction's resource. A container that asks has a
   * connection definition configured for XA (the wrong combination, refused at the first use in a
   * transaction); the message says what to change.
   */
  @Override
  public XAResource xaResource() throws ResourceException {
    throw new NotSupportedException(RaLog.enlistedInDataSourceMode(dataSource, "XATransaction"));
  }

  @Override
  public LocalTransaction localTransaction() throws ResourceException {
    throw new NotSupportedException(RaLog.enlistedInDataSourceMode(dataSource, "LocalTransaction"));
  }

  @Override
  public void reset() {
    // Nothing held between uses.
  }

  @Override
  public void close() {
    // Nothing owned: the connections belong to the server's pool.
  }

  /** Never: a broken connection is the server pool's to replace, not a reason to drop this one. */
  @Override
  public boolean brokenBy(SQLException failure) {
    return false;
  }

  /** Owns no connection: the server's pool judges the datasource's own. */
  @Override
  public boolean isValid(int timeoutSeconds) {
    return true;
  }

  @Override
  public String userName() throws SQLException {
    Connection c = acquire();
    try {
      return c.getMetaData().getUserName();
    } finally {
      release(c);
    }
  }

  private TransactionSynchronizationRegistry registry() {
    TransactionSynchronizationRegistry registry;
    try {
      registry = factory.requireAdapter().transactionSynchronizationRegistry();
    } catch (ResourceException e) {
      throw new MapiException(MapiError.MAPI_E_CALL_FAILED, e.getMessage(), e);
    }
    if (registry == null) {
      throw new MapiException(MapiError.MAPI_E_NO_SUPPORT, RaLog.noSynchronizationRegistry());
    }
    return registry;
  }
}
