package org.msgstore.cdi;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/**
 * Around each call of a bean that injects a mailbox: outside a transaction the handles opened in
 * the outermost call are closed when it returns ({@link CallHandles}); when an unchecked exception
 * leaves the call, the transaction's handles are closed at once ({@link
 * TransactionHandles#closeNow}), before the container rolls back. Both are for the servers'
 * bookkeeping: Payara ends a servlet's or a discarded EJB's connections before the request context
 * or the rollback would close them, and counts a handle it ended that way as leaked. Inside
 * {@code @Transactional} (a higher priority), so the transaction is still there.
 */
@MailboxScope
@Interceptor
@Priority(Interceptor.Priority.LIBRARY_BEFORE + 500)
public class MailboxScopeInterceptor {
  @Inject Handles handles;

  @AroundInvoke
  Object around(InvocationContext call) throws Exception {
    CallHandles.enter();
    try {
      return call.proceed();
    } catch (RuntimeException | Error e) {
      handles.closeTransactionHandlesNow();
      throw e;
    } finally {
      CallHandles.exit();
    }
  }
}
