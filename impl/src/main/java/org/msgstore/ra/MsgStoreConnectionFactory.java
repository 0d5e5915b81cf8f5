package org.msgstore.ra;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionManager;
import javax.naming.Reference;
import org.msgstore.MapiError;
import org.msgstore.MapiException;
import org.msgstore.MessageStoreConnection;
import org.msgstore.MessageStoreConnectionFactory;

/**
 * What applications inject. It holds no physical resource: every connection comes from the
 * container's {@link ConnectionManager} (its pool and transaction enlistment).
 */
final class MsgStoreConnectionFactory implements MessageStoreConnectionFactory {
  private static final long serialVersionUID = 1L;

  private final MsgStoreManagedConnectionFactory mcf;
  private final ConnectionManager connectionManager;
  private Reference reference;

  MsgStoreConnectionFactory(
      MsgStoreManagedConnectionFactory mcf, ConnectionManager connectionManager) {
    this.mcf = mcf;
    this.connectionManager = connectionManager;
  }

  @Override
  public MessageStoreConnection getConnection() {
    if (mailboxFromCaller()) {
      return allocate(MailboxRequestInfo.CALLERS);
    }
    return getConnection(mcf.getDefaultMailbox());
  }

  @Override
  public MessageStoreConnection getConnection(String mailbox) {
    return allocate(new MailboxRequestInfo(mailbox));
  }

  private boolean mailboxFromCaller() {
    try {
      return mcf.accessPolicy().mailboxFromCaller();
    } catch (ResourceException e) {
      throw new MapiException(MapiError.MAPI_E_CALL_FAILED, e.getMessage(), e);
    }
  }

  private MessageStoreConnection allocate(MailboxRequestInfo request) {
    mcf.refuseBeforeStart(request.mailbox());
    try {
      return (MessageStoreConnection) connectionManager.allocateConnection(mcf, request);
    } catch (ResourceException e) {
      // The managed connection refused the mailbox; the pool wrapped that in its own exception.
      MapiException refusal = refusal(e);
      if (refusal != null) {
        throw refusal;
      }
      throw new MapiException(
          MapiError.MAPI_E_CALL_FAILED, RaLog.allocationFailed(request.toString(), e), e);
    }
  }

  /** A refusal of {@link org.msgstore.ra.access.AccessPolicy} in the cause chain, or null. */
  private static MapiException refusal(Throwable e) {
    for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
      if (t instanceof MapiException m && m.error() == MapiError.MAPI_E_NO_ACCESS) {
        return m;
      }
    }
    return null;
  }

  @Override
  public void setReference(Reference reference) {
    this.reference = reference;
  }

  @Override
  public Reference getReference() {
    return reference;
  }
}
