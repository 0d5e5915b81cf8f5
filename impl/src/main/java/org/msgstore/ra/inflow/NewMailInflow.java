package org.msgstore.ra.inflow;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.endpoint.MessageEndpoint;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import jakarta.resource.spi.work.Work;
import jakarta.resource.spi.work.WorkException;
import jakarta.resource.spi.work.WorkManager;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.msgstore.inflow.NewMailEvent;
import org.msgstore.inflow.NewMailListener;
import org.msgstore.store.MessageStore;

/**
 * Message inflow of new-mail notifications (R77, R78): each activated endpoint is a store listener
 * of its mailbox; every event is delivered to a fresh endpoint instance as its own work on the
 * connector's WorkManager, never on the thread that committed the mail.
 */
public final class NewMailInflow {
  private static final Method ON_NEW_MAIL;

  static {
    try {
      ON_NEW_MAIL = NewMailListener.class.getMethod("onNewMail", NewMailEvent.class);
    } catch (NoSuchMethodException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final MessageStore store;
  private final WorkManager workManager;
  private final Map<Key, NewMailListener> activations = new ConcurrentHashMap<>();

  public NewMailInflow(MessageStore store, WorkManager workManager) {
    this.store = store;
    this.workManager = workManager;
  }

  /** Identity of an activation: the container's factory and spec objects. */
  private record Key(MessageEndpointFactory factory, NewMailActivationSpec spec) {}

  public void activate(MessageEndpointFactory factory, NewMailActivationSpec spec)
      throws ResourceException {
    spec.validate();
    NewMailListener listener = event -> schedule(factory, event);
    if (activations.putIfAbsent(new Key(factory, spec), listener) != null) {
      throw new ResourceException(InflowLog.alreadyActivated(spec.getMailbox()));
    }
    store.addNewMailListener(spec.getMailbox(), listener);
    InflowLog.activated(spec.getMailbox());
  }

  public void deactivate(MessageEndpointFactory factory, NewMailActivationSpec spec) {
    NewMailListener listener = activations.remove(new Key(factory, spec));
    if (listener != null) {
      store.removeNewMailListener(spec.getMailbox(), listener);
      InflowLog.deactivated(spec.getMailbox());
    }
  }

  /** Removes every activation: the adapter is stopping. */
  public void deactivateAll() {
    activations.forEach(
        (key, listener) -> store.removeNewMailListener(key.spec().getMailbox(), listener));
    activations.clear();
  }

  private void schedule(MessageEndpointFactory factory, NewMailEvent event) {
    try {
      workManager.scheduleWork(new Delivery(factory, event));
    } catch (WorkException e) {
      InflowLog.notHandedToEndpoint(event, e);
    }
  }

  /** One notification to one endpoint instance, transacted when the endpoint asks for it. */
  private static final class Delivery implements Work {
    private final MessageEndpointFactory factory;
    private final NewMailEvent event;

    Delivery(MessageEndpointFactory factory, NewMailEvent event) {
      this.factory = factory;
      this.event = event;
    }

    @Override
    public void run() {
      MessageEndpoint endpoint = null;
      try {
        endpoint = factory.createEndpoint(null);
        boolean transacted = factory.isDeliveryTransacted(ON_NEW_MAIL);
        if (transacted) {
          endpoint.beforeDelivery(ON_NEW_MAIL);
        }
        try {
          ((NewMailListener) endpoint).onNewMail(event);
        } finally {
          if (transacted) {
            endpoint.afterDelivery();
          }
        }
      } catch (Exception e) {
        InflowLog.endpointFailed(event, e);
      } finally {
        if (endpoint != null) {
          endpoint.release();
        }
      }
    }

    @Override
    public void release() {
      // A delivery is short; nothing to interrupt.
    }
  }
}
