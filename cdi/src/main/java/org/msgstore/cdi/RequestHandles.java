package org.msgstore.cdi;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.RequestScoped;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.msgstore.MessageStoreConnection;

/**
 * The handles opened outside a transaction and outside a bean call of {@link MailboxScope} during
 * one request, one per mailbox; each call on them commits on its own. Closed when the request
 * context ends.
 */
@RequestScoped
class RequestHandles {
  private final Map<String, MessageStoreConnection> open = new LinkedHashMap<>();

  synchronized MessageStoreConnection handle(
      String mailbox, Function<String, MessageStoreConnection> opener) {
    return open.computeIfAbsent(mailbox, opener);
  }

  @PreDestroy
  synchronized void closeAll() {
    Closing.all(open.values());
    open.clear();
  }
}
