package org.msgstore.ra;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.ConnectionEventListener;
import jakarta.resource.spi.ConnectionManager;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionFactory;

/**
 * The connection manager used outside a container: no pool and no transaction manager, so every
 * allocation opens a managed connection that is destroyed when its handle closes. Each store call
 * then commits on its own.
 */
final class NonManagedConnectionManager implements ConnectionManager {
  private static final long serialVersionUID = 1L;

  @Override
  public Object allocateConnection(ManagedConnectionFactory mcf, ConnectionRequestInfo info)
      throws ResourceException {
    ManagedConnection mc = mcf.createManagedConnection(null, info);
    mc.addConnectionEventListener(new DestroyWhenDone(mc));
    try {
      return mc.getConnection(null, info);
    } catch (ResourceException | RuntimeException e) {
      mc.destroy();
      throw e;
    }
  }

  /** Without a pool a connection is never reused: release the physical connection at once. */
  private record DestroyWhenDone(ManagedConnection mc) implements ConnectionEventListener {
    @Override
    public void connectionClosed(ConnectionEvent event) {
      destroy();
    }

    @Override
    public void connectionErrorOccurred(ConnectionEvent event) {
      destroy();
    }

    private void destroy() {
      try {
        mc.destroy();
      } catch (ResourceException e) {
        RaLog.unpooledCloseFailed(e);
      }
    }

    @Override
    public void localTransactionStarted(ConnectionEvent event) {}

    @Override
    public void localTransactionCommitted(ConnectionEvent event) {}

    @Override
    public void localTransactionRolledback(ConnectionEvent event) {}
  }
}
