package org.msgstore.it.payara.app;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import org.msgstore.MessageStoreConnection;
import org.msgstore.MessageStoreConnectionFactory;

/** A stateless session bean with container-managed transactions (REQUIRED), as apps write it. */
@Stateless
public class SubmittingEjb {
  /** The portable lookup (README "Looking the factory up on WildFly and Payara"). */
  @Resource(name = "eis/MsgStore")
  private MessageStoreConnectionFactory factory;

  public void submit(String subject) {
    try (MessageStoreConnection store = factory.getConnection()) {
      Compose.submit(store, subject);
    }
  }

  /** Submits, then throws a system exception: the container must roll the submit back. */
  public void submitThenFail(String subject) {
    submit(subject);
    throw new DeliberateFailure("failing after submitting '" + subject + "'");
  }
}
