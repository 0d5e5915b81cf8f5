package org.msgstore.cdi;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.msgstore.MessageStoreConnection;

/**
 * The handles opened outside a transaction during the outermost call of a bean that injects a
 * mailbox, one per mailbox, closed when that call returns. Per thread: a bean call runs on one.
 */
final class CallHandles {
  private static final ThreadLocal<CallHandles> CURRENT = new ThreadLocal<>();

  private final Map<String, MessageStoreConnection> open = new LinkedHashMap<>();
  private int depth;

  private CallHandles() {}

  /** Enters a bean call; the outermost one starts a scope. */
  static void enter() {
    CallHandles scope = CURRENT.get();
    if (scope == null) {
      scope = new CallHandles();
      CURRENT.set(scope);
    }
    scope.depth++;
  }

  /** Leaves a bean call; leaving the outermost closes the scope's handles. */
  static void exit() {
    CallHandles scope = CURRENT.get();
    if (--scope.depth == 0) {
      CURRENT.remove();
      Closing.all(scope.open.values());
    }
  }

  /** The scope of the bean call running on this thread, or null. */
  static CallHandles current() {
    return CURRENT.get();
  }

  MessageStoreConnection handle(String mailbox, Function<String, MessageStoreConnection> opener) {
    return open.computeIfAbsent(mailbox, opener);
  }
}
