package org.msgstore.ra;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.LocalTransaction;
import jakarta.resource.spi.LocalTransactionException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * A database transaction on the managed connection's physical connection, for containers that run
 * the adapter with LocalTransaction support. XA is the primary mode (jca-notes P8).
 */
final class MsgStoreLocalTransaction implements LocalTransaction {
  private final MsgStoreManagedConnection mc;
  private final Connection jdbc;
  private final BooleanSupplier globalTransactionActive;
  private final AtomicBoolean active = new AtomicBoolean();
  private final List<Runnable> afterCommit = new CopyOnWriteArrayList<>();

  /**
   * @param globalTransactionActive whether a global branch is associated with the connection: the
   *     local transaction refuses to begin then
   */
  MsgStoreLocalTransaction(
      MsgStoreManagedConnection mc, Connection jdbc, BooleanSupplier globalTransactionActive) {
    this.mc = mc;
    this.jdbc = jdbc;
    this.globalTransactionActive = globalTransactionActive;
  }

  boolean active() {
    return active.get();
  }

  void afterCommit(Runnable action) {
    afterCommit.add(action);
  }

  @Override
  public void begin() throws ResourceException {
    if (globalTransactionActive.getAsBoolean()) {
      throw stateError(RaLog.localBeginInsideGlobal());
    }
    if (!active.compareAndSet(false, true)) {
      throw stateError(RaLog.localAlreadyActive());
    }
    try {
      jdbc.setAutoCommit(false);
    } catch (SQLException e) {
      active.set(false);
      throw failed("begin", e);
    }
    mc.fireLocalTransactionEvent(ConnectionEvent.LOCAL_TRANSACTION_STARTED);
  }

  @Override
  public void commit() throws ResourceException {
    requireActive("commit");
    try {
      jdbc.commit();
      jdbc.setAutoCommit(true);
    } catch (SQLException e) {
      finish();
      throw failed("commit", e);
    }
    List<Runnable> actions = List.copyOf(afterCommit);
    finish();
    mc.fireLocalTransactionEvent(ConnectionEvent.LOCAL_TRANSACTION_COMMITTED);
    actions.forEach(CallerTransaction::runLogged);
  }

  @Override
  public void rollback() throws ResourceException {
    requireActive("rollback");
    try {
      jdbc.rollback();
      jdbc.setAutoCommit(true);
    } catch (SQLException e) {
      finish();
      throw failed("rollback", e);
    }
    finish();
    mc.fireLocalTransactionEvent(ConnectionEvent.LOCAL_TRANSACTION_ROLLEDBACK);
  }

  /**
   * Forgets the transaction state without touching the database; the managed connection rolls the
   * physical connection back itself when it resets.
   */
  void reset() {
    finish();
  }

  private void finish() {
    afterCommit.clear();
    active.set(false);
  }

  private void requireActive(String operation) throws ResourceException {
    if (!active.get()) {
      throw stateError(RaLog.localNotActive(operation));
    }
  }

  private static LocalTransactionException stateError(String text) {
    return new LocalTransactionException(text);
  }

  private LocalTransactionException failed(String operation, SQLException e) {
    mc.localTransactionFailed(e);
    LocalTransactionException failure =
        new LocalTransactionException(RaLog.localFailed(operation, e), e.getSQLState());
    failure.initCause(e);
    return failure;
  }
}
