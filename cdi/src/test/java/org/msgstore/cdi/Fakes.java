package org.msgstore.cdi;

import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.msgstore.MessageStoreConnection;
import org.msgstore.MessageStoreConnectionFactory;

/** Stand-ins for what the server gives the cdi classes: handles, a factory, a transaction. */
final class Fakes {
  private Fakes() {}

  /** Handles that count their closes; {@code opened} lists every one handed out. */
  static final class Handles {
    final List<String> opened = new ArrayList<>();
    final Map<MessageStoreConnection, Integer> closes = new HashMap<>();

    MessageStoreConnection open(String mailbox) {
      opened.add(mailbox);
      MessageStoreConnection[] self = new MessageStoreConnection[1];
      self[0] =
          (MessageStoreConnection)
              Proxy.newProxyInstance(
                  Fakes.class.getClassLoader(),
                  new Class<?>[] {MessageStoreConnection.class},
                  (proxy, method, args) ->
                      switch (method.getName()) {
                        case "mailbox" -> mailbox;
                        case "close" -> {
                          closes.merge(self[0], 1, Integer::sum);
                          yield null;
                        }
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        case "toString" -> "handle of " + mailbox;
                        default -> null;
                      });
      return self[0];
    }

    int closed(MessageStoreConnection handle) {
      return closes.getOrDefault(handle, 0);
    }
  }

  /** A factory whose connections are {@code handles}'. */
  static MessageStoreConnectionFactory factory(Handles handles) {
    return (MessageStoreConnectionFactory)
        Proxy.newProxyInstance(
            Fakes.class.getClassLoader(),
            new Class<?>[] {MessageStoreConnectionFactory.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "getConnection" -> handles.open(args == null ? "default" : (String) args[0]);
                  case "toString" -> "fake factory";
                  default -> null;
                });
  }

  /** One transaction at a time, as the registry shows it to the thread that runs it. */
  static final class Transaction implements TransactionSynchronizationRegistry {
    final Map<Object, Object> resources = new HashMap<>();
    final List<Synchronization> interposed = new ArrayList<>();
    Object key;
    int status = Status.STATUS_NO_TRANSACTION;

    void begin() {
      key = new Object();
      status = Status.STATUS_ACTIVE;
      resources.clear();
      interposed.clear();
    }

    /** Ends it as the transaction manager does: afterCompletion of each synchronization. */
    void end(int outcome) {
      status = outcome;
      interposed.forEach(s -> s.afterCompletion(outcome));
      key = null;
      status = Status.STATUS_NO_TRANSACTION;
    }

    @Override
    public Object getTransactionKey() {
      return key;
    }

    @Override
    public void putResource(Object k, Object value) {
      resources.put(k, value);
    }

    @Override
    public Object getResource(Object k) {
      return resources.get(k);
    }

    @Override
    public void registerInterposedSynchronization(Synchronization sync) {
      if (status != Status.STATUS_ACTIVE) {
        throw new IllegalStateException("status " + status);
      }
      interposed.add(sync);
    }

    @Override
    public int getTransactionStatus() {
      return status;
    }

    @Override
    public void setRollbackOnly() {
      status = Status.STATUS_MARKED_ROLLBACK;
    }

    @Override
    public boolean getRollbackOnly() {
      return status == Status.STATUS_MARKED_ROLLBACK;
    }
  }
}
