package org.msgstore.it.app;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.msgstore.MessageStoreConnection;
import org.msgstore.MessageStoreConnectionFactory;

/** A CDI bean with a JTA transaction per call (@Transactional REQUIRED). */
@ApplicationScoped
@Transactional
public class SubmittingCdiBean {
  @Resource(name = ResourceRefs.MSGSTORE)
  private MessageStoreConnectionFactory factory;

  public void submit(String subject) {
    try (MessageStoreConnection store = factory.getConnection()) {
      Compose.submit(store, subject);
    }
  }

  /** Submits, then throws an unchecked exception: @Transactional must roll the submit back. */
  public void submitThenFail(String subject) {
    submit(subject);
    throw new DeliberateFailure("failing after submitting '" + subject + "'");
  }
}
