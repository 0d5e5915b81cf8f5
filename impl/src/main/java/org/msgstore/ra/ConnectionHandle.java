package org.msgstore.ra;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.msgstore.EntryId;
import org.msgstore.Folder;
import org.msgstore.FolderKind;
import org.msgstore.MapiError;
import org.msgstore.MapiException;
import org.msgstore.Message;
import org.msgstore.MessageStoreConnection;
import org.msgstore.OpenFlag;
import org.msgstore.PropTag;
import org.msgstore.store.MailboxSession;
import org.msgstore.store.StoreConnection;

/**
 * What an application holds: a mailbox plus a reference to the managed connection currently behind
 * it. The store sees the same object as its {@link StoreConnection}, so every statement goes to
 * whichever physical connection the handle is associated with at that moment.
 */
final class ConnectionHandle implements MessageStoreConnection, StoreConnection {
  private enum State {
    OPEN,
    /** Closed by the application. */
    CLOSED,
    /** Taken away by the server ({@code cleanup()} or {@code destroy()}). */
    INVALIDATED
  }

  private final String mailbox;
  private final AtomicReference<State> state = new AtomicReference<>(State.OPEN);
  private volatile MsgStoreManagedConnection mc;
  private volatile MailboxSession session;

  ConnectionHandle(MsgStoreManagedConnection mc, String mailbox) {
    this.mc = mc;
    this.mailbox = mailbox;
  }

  /** Closes the handle once; a second close, or a close after the server took it, does nothing. */
  @Override
  public void close() {
    if (state.compareAndSet(State.OPEN, State.CLOSED)) {
      mc.handleClosed(this);
    }
  }

  @Override
  public String mailbox() {
    checkOpen();
    return mailbox;
  }

  @Override
  public Folder openFolder(FolderKind kind) {
    return session().openFolder(kind);
  }

  @Override
  public Folder openFolder(EntryId folderId) {
    return session().openFolder(folderId);
  }

  @Override
  public Message openEntry(EntryId entryId, OpenFlag... flags) {
    return session().openEntry(entryId, flags);
  }

  @Override
  public void abortSubmit(EntryId entryId) {
    abortSubmit(entryId, 0);
  }

  @Override
  public void abortSubmit(EntryId entryId, int flags) {
    session().abortSubmit(entryId, flags);
  }

  @Override
  public <T> T getStoreProperty(PropTag<T> tag) {
    return session().getStoreProperty(tag);
  }

  /** The store's view of the mailbox, opened on first use (not in getConnection: no I/O there). */
  private MailboxSession session() {
    checkOpen();
    MailboxSession s = session;
    if (s == null) {
      // A race opens two equivalent sessions; the store makes mailbox creation idempotent.
      s = mc.openSession(this, mailbox);
      session = s;
    }
    return s;
  }

  // ---- StoreConnection: the store calling back ----

  @Override
  public Connection jdbc() {
    checkOpen();
    return mc.jdbc();
  }

  @Override
  public void release(Connection c) {
    mc.release(c);
  }

  @Override
  public boolean inTransaction() {
    checkOpen();
    return mc.inTransaction();
  }

  @Override
  public void afterCommit(Runnable action) {
    checkOpen();
    mc.afterCommit(action);
  }

  @Override
  public void checkTransactionCanCommit() {
    checkOpen();
    mc.checkTransactionCanCommit();
  }

  @Override
  public void statementFailed(SQLException e) {
    mc.statementFailed(e, this);
  }

  @Override
  public void checkCreateMailbox(String name) {
    mc.accessPolicy().checkCreate(name);
  }

  @Override
  public void checkSenders(String name, Map<PropTag<?>, Object> props) {
    mc.accessPolicy().checkSenders(name, props);
  }

  // ---- managed connection side ----

  /** Moves this handle to {@code target}; returns the managed connection it was on. */
  MsgStoreManagedConnection moveTo(MsgStoreManagedConnection target)
      throws jakarta.resource.ResourceException {
    // A handle the server took away may be given back by the server; one the application closed
    // stays closed, since the application has already let go of it.
    if (!state.compareAndSet(State.INVALIDATED, State.OPEN) && state.get() != State.OPEN) {
      throw new jakarta.resource.ResourceException(RaLog.closedHandleAssociated());
    }
    MsgStoreManagedConnection previous = mc;
    mc = target;
    return previous;
  }

  void invalidate() {
    state.compareAndSet(State.OPEN, State.INVALIDATED);
  }

  /**
   * Whether this handle is open and the connection behind it works, as {@code
   * java.sql.Connection.isValid} answers. Not part of the API: WildFly's recovery (IronJacamar's
   * default recovery plugin) calls a public {@code isValid(int)} by name on the handle of its
   * recovery connection, and without one takes that connection for broken and replaces it at every
   * scan, while the transaction manager may still commit an in-doubt branch through the replaced
   * connection's XAResource: that commit then fails on a closed connection, scan after scan.
   */
  public boolean isValid(int timeoutSeconds) {
    MsgStoreManagedConnection current = mc;
    return isOpen() && current != null && current.isValid(timeoutSeconds);
  }

  boolean isOpen() {
    return state.get() == State.OPEN;
  }

  @Override
  public void checkOpen() {
    State s = state.get();
    if (s != State.OPEN) {
      throw new MapiException(
          MapiError.MAPI_E_INVALID_OBJECT, RaLog.handleClosed(s == State.INVALIDATED, mailbox));
    }
  }

  @Override
  public String toString() {
    return "MessageStoreConnection[mailbox=" + mailbox + ", " + state.get() + "]";
  }
}
