package org.msgstore.it.app;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import org.msgstore.cdi.Mailbox;
import org.msgstore.inflow.NewMailEvent;

/**
 * New-mail observers as an application writes them with the msgstore-cdi events jar: no MDB. Each
 * records under "sync:" or "async:" and the mailbox it observes, so a test sees which observer got
 * which mailbox's event.
 */
@ApplicationScoped
public class NewMailObservers {
  public static final String RECIPIENT = "cdi-recipient";
  public static final String SENDER = "cdi-sender";

  @EJB private NewMailRecorder recorder;

  void recipient(@Observes @Mailbox(RECIPIENT) NewMailEvent event) {
    recorder.record("sync:" + RECIPIENT, event);
  }

  void recipientAsync(@ObservesAsync @Mailbox(RECIPIENT) NewMailEvent event) {
    recorder.record("async:" + RECIPIENT, event);
  }

  void sender(@Observes @Mailbox(SENDER) NewMailEvent event) {
    recorder.record("sync:" + SENDER, event);
  }
}
