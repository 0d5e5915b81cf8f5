package org.msgstore.it.app;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import org.msgstore.EntryId;
import org.msgstore.MessageStoreConnection;
import org.msgstore.cdi.Mailbox;

/**
 * A CDI bean with a JTA transaction per call that injects its mailbox instead of opening and
 * closing a connection: the CDI way of the README.
 */
@ApplicationScoped
@Transactional
public class InjectingCdiBean {
  public static final String MAILBOX = "cdi-shop";

  @Inject
  @Mailbox(MAILBOX)
  MessageStoreConnection shop;

  @Inject
  @Mailbox(MAILBOX)
  Instance<org.msgstore.Compose> compose;

  public void submit(String subject) {
    Compose.submit(shop, subject);
  }

  /** Two messages on the injected mailbox in one transaction: both commit or neither. */
  public void submitTwice(String subject, boolean fail) {
    Compose.submit(shop, subject);
    Compose.submit(shop, subject);
    if (fail) {
      throw new DeliberateFailure("failing after submitting '" + subject + "' twice");
    }
  }

  /** Submits, then throws an unchecked exception: @Transactional must roll the submit back. */
  public void submitThenFail(String subject) {
    submit(subject);
    throw new DeliberateFailure("failing after submitting '" + subject + "'");
  }

  /** Outside a transaction: the handle is the request's, and each call commits on its own. */
  @Transactional(TxType.NOT_SUPPORTED)
  public EntryId saveWithoutTransaction(String subject) {
    return Compose.save(shop, subject);
  }

  /** The api's Compose helper, injected for the mailbox. */
  public EntryId composeAndSubmit(String subject) {
    return compose
        .get()
        .from("Shop", "shop@example.com")
        .to("Alice", "alice@example.com")
        .subject(subject)
        .text("Sent by an in-server test through the injected Compose.")
        .submit();
  }
}
