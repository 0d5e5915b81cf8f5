package org.msgstore.cdi;

import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.ObserverMethod;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.msgstore.inflow.NewMailEvent;

/**
 * Hands a new-mail notification on as a CDI event qualified {@code @Mailbox(event.mailbox())}: to
 * the {@code @Observes} methods of that mailbox (and of every mailbox) on the delivering thread,
 * inside its transaction, and to the {@code @ObservesAsync} ones through {@code fireAsync}. A
 * mailbox nobody observes costs a lookup of its observers and nothing else.
 */
final class NewMailDispatch {
  private static final Logger LOG = Logger.getLogger(NewMailDispatch.class.getName());

  private final BeanManager beans;

  NewMailDispatch(BeanManager beans) {
    this.beans = beans;
  }

  void dispatch(NewMailEvent event) {
    Mailbox mailbox = Mailbox.Literal.of(event.mailbox());
    Set<ObserverMethod<? super NewMailEvent>> observers =
        beans.resolveObserverMethods(event, mailbox);
    if (observers.isEmpty()) {
      return;
    }
    Event<NewMailEvent> fired = beans.getEvent().select(NewMailEvent.class, mailbox);
    if (observers.stream().anyMatch(o -> !o.isAsync())) {
      // An observer's exception fails the delivery, as an MDB's does (MSGS1035).
      fired.fire(event);
    }
    if (observers.stream().anyMatch(ObserverMethod::isAsync)) {
      fired
          .fireAsync(event)
          .exceptionally(
              failure -> {
                LOG.log(
                    Level.WARNING,
                    "an @ObservesAsync observer failed on new mail "
                        + event.entryId()
                        + " of '"
                        + event.mailbox()
                        + "'",
                    failure);
                return null;
              });
    }
  }
}
