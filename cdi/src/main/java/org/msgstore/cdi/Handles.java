package org.msgstore.cdi;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionSynchronizationRegistry;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import org.msgstore.MapiError;
import org.msgstore.MapiException;
import org.msgstore.MessageStoreConnection;
import org.msgstore.MessageStoreConnectionFactory;

/**
 * Hands an injected mailbox the handle it stands for at this moment: the current transaction's;
 * else the current bean call's ({@link MailboxScopeInterceptor}); else the current request's. Each
 * is opened on first use and closed at the end of that transaction, call or request.
 */
@ApplicationScoped
class Handles {
  private static final String REGISTRY = "java:comp/TransactionSynchronizationRegistry";

  /** Ours from {@link FactoryProducer}, or the application's {@code @Alternative} producer. */
  @Inject Instance<MessageStoreConnectionFactory> factories;

  @Inject Instance<RequestHandles> requestHandles;
  @Inject BeanManager beans;

  private volatile TransactionHandles transactionHandles;

  MessageStoreConnection current(String mailbox) {
    TransactionHandles tx = transactionHandles();
    if (tx.inTransaction()) {
      return tx.handle(mailbox, this::open);
    }
    CallHandles call = CallHandles.current();
    if (call != null) {
      return call.handle(mailbox, this::open);
    }
    if (requestActive()) {
      return requestHandles.get().handle(mailbox, this::open);
    }
    throw new MapiException(
        MapiError.MAPI_E_CALL_FAILED,
        "mailbox '"
            + mailbox
            + "' is used with neither a transaction nor a request context on this thread,"
            + " so nothing would close it: start a transaction (@Transactional), or use"
            + " MessageStoreConnectionFactory.getConnection with try-with-resources here");
  }

  /** See {@link TransactionHandles#closeNow}. */
  void closeTransactionHandlesNow() {
    transactionHandles().closeNow();
  }

  private MessageStoreConnection open(String mailbox) {
    Instance.Handle<MessageStoreConnectionFactory> factory = factories.getHandle();
    try {
      return factory.get().getConnection(mailbox);
    } finally {
      factory.destroy();
    }
  }

  private boolean requestActive() {
    try {
      return beans.getContext(RequestScoped.class).isActive();
    } catch (ContextNotActiveException e) {
      return false;
    }
  }

  private TransactionHandles transactionHandles() {
    TransactionHandles known = transactionHandles;
    if (known == null) {
      try {
        known =
            new TransactionHandles(
                (TransactionSynchronizationRegistry) new InitialContext().lookup(REGISTRY));
      } catch (NamingException e) {
        throw new MapiException(
            MapiError.MAPI_E_CALL_FAILED, REGISTRY + " is not bound in this server", e);
      }
      transactionHandles = known;
    }
    return known;
  }
}
