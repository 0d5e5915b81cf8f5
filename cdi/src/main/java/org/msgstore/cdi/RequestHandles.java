package org.msgstore.cdi;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.RequestScoped;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.msgstore.MessageStoreConnection;

/**
 * The handles opened outside a transaction during one request (an HTTP request, an EJB call, a
 * message delivery), one per mailbox; each call on them commits on its own. Closed when the request
 * context ends.
 */
@RequestScoped
class RequestHandles {
  private static final Logger LOG = Logger.getLogger(RequestHandles.class.getName());

  private final Map<String, MessageStoreConnection> open = new LinkedHashMap<>();

  synchronized MessageStoreConnection handle(
      String mailbox, Function<String, MessageStoreConnection> opener) {
    return open.computeIfAbsent(mailbox, opener);
  }

  @PreDestroy
  synchronized void closeAll() {
    for (MessageStoreConnection handle : open.values()) {
      try {
        handle.close();
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "closing the handle of mailbox '" + handle.mailbox() + "'", e);
      }
    }
    open.clear();
  }
}
