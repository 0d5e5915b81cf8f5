package org.msgstore.store;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.msgstore.inflow.NewMailEvent;
import org.msgstore.inflow.NewMailListener;
import org.msgstore.store.jdbc.StoreLog;

/**
 * Listeners of the store, in this JVM: queue-table subscribers (the spooler) and new-mail
 * subscribers per mailbox, or of every mailbox ({@value #EVERY_MAILBOX}). A listener that throws is
 * logged and never breaks the caller.
 */
final class StoreEvents {
  /** The mailbox a new-mail listener names to hear every mailbox's new mail. */
  static final String EVERY_MAILBOX = "*";

  private final List<QueueListener> queueListeners = new CopyOnWriteArrayList<>();
  private final Map<String, List<NewMailListener>> newMailListeners = new ConcurrentHashMap<>();

  void addQueueListener(QueueListener l) {
    queueListeners.add(l);
  }

  void removeQueueListener(QueueListener l) {
    queueListeners.remove(l);
  }

  void addNewMailListener(String mailbox, NewMailListener l) {
    newMailListeners.computeIfAbsent(mailbox, m -> new CopyOnWriteArrayList<>()).add(l);
  }

  void removeNewMailListener(String mailbox, NewMailListener l) {
    List<NewMailListener> list = newMailListeners.get(mailbox);
    if (list != null) {
      list.remove(l);
    }
  }

  void queueChanged(QueueEvent event) {
    for (QueueListener l : queueListeners) {
      try {
        l.queueChanged(event);
      } catch (RuntimeException e) {
        StoreLog.queueListenerFailed(l, event, e);
      }
    }
  }

  void newMail(NewMailEvent event) {
    notify(newMailListeners.getOrDefault(event.mailbox(), List.of()), event);
    if (!EVERY_MAILBOX.equals(event.mailbox())) {
      notify(newMailListeners.getOrDefault(EVERY_MAILBOX, List.of()), event);
    }
  }

  private static void notify(List<NewMailListener> listeners, NewMailEvent event) {
    for (NewMailListener l : listeners) {
      try {
        l.onNewMail(event);
      } catch (RuntimeException e) {
        StoreLog.newMailListenerFailed(l, event, e);
      }
    }
  }
}
