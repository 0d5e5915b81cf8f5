package org.msgstore.it.app;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import org.msgstore.MessageStoreConnection;
import org.msgstore.MessageStoreConnectionFactory;
import org.msgstore.cdi.Mailbox;

/**
 * A stateless session bean (container-managed transactions, REQUIRED) that injects its mailbox and
 * the factory with CDI.
 */
@Stateless
public class InjectingEjb {
  public static final String MAILBOX = "ejb-shop";

  @Inject
  @Mailbox(MAILBOX)
  MessageStoreConnection shop;

  @Inject MessageStoreConnectionFactory factory;

  public void submit(String subject) {
    Compose.submit(shop, subject);
  }

  /** Submits, then throws a system exception: the container must roll the submit back. */
  public void submitThenFail(String subject) {
    submit(subject);
    throw new DeliberateFailure("failing after submitting '" + subject + "'");
  }

  /** The injected factory works as the @Resource one does (the caller closes its connection). */
  public String mailboxOfFactoryConnection(String mailbox) {
    try (MessageStoreConnection store = factory.getConnection(mailbox)) {
      return store.mailbox();
    }
  }
}
