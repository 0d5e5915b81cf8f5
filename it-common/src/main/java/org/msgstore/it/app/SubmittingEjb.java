package org.msgstore.it.app;

import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import java.util.List;
import org.msgstore.MessageStoreConnection;
import org.msgstore.MessageStoreConnectionFactory;

/** A stateless session bean with container-managed transactions (REQUIRED), as apps write it. */
@Stateless
public class SubmittingEjb {
  @Resource(name = ResourceRefs.MSGSTORE)
  private MessageStoreConnectionFactory factory;

  @EJB private StoreProbe probe;

  @Resource private SessionContext context;

  public void submit(String subject) {
    try (MessageStoreConnection store = factory.getConnection()) {
      Compose.submit(store, subject);
    }
  }

  public void save(String subject) {
    try (MessageStoreConnection store = factory.getConnection()) {
      Compose.save(store, subject);
    }
  }

  /** Submits, then throws a system exception: the container must roll the submit back. */
  public void submitThenFail(String subject) {
    submit(subject);
    throw new DeliberateFailure("failing after submitting '" + subject + "'");
  }

  /**
   * Submits the same subject from each mailbox, each through its own connection, all in this one
   * transaction; with {@code fail} then throws, so the container rolls all of them back.
   */
  public void submitFromMailboxes(String subject, boolean fail, String... mailboxes) {
    for (String mailbox : mailboxes) {
      try (MessageStoreConnection store = factory.getConnection(mailbox)) {
        Compose.submit(store, subject);
      }
    }
    if (fail) {
      throw new DeliberateFailure("failing after submitting '" + subject + "' from each mailbox");
    }
  }

  /**
   * Composes on a connection obtained while the transaction is healthy, marks the transaction
   * rollback-only, then submits (jca-notes §4 rule 14: the submit must fail at the call).
   */
  public void submitAfterSetRollbackOnly(String subject) {
    try (MessageStoreConnection store = factory.getConnection()) {
      context.setRollbackOnly();
      Compose.submit(store, subject);
    }
  }

  /**
   * Submits and, still inside this (uncommitted) transaction, asks the probe what another
   * transaction sees.
   */
  public List<Integer> submitAndProbeBeforeCommit(String subject) {
    submit(subject);
    return probe.outboxFlags(subject);
  }
}
