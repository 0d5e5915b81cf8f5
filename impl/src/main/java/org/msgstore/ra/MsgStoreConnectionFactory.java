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
    return getConnection(mcf.getDefaultMailbox());
  }

  @Override
  public MessageStoreConnection getConnection(String mailbox) {
    MailboxRequestInfo request = new MailboxRequestInfo(mailbox);
    try {
      return (MessageStoreConnection) connectionManager.allocateConnection(mcf, request);
    } catch (ResourceException e) {
      throw new MapiException(
          MapiError.MAPI_E_CALL_FAILED, RaLog.allocationFailed(request.mailbox(), e), e);
    }
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
