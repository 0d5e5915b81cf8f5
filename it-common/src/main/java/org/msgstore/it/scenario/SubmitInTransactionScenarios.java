package org.msgstore.it.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.ejb.EJB;
import jakarta.ejb.EJBException;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import javax.naming.InitialContext;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.msgstore.MapiException;
import org.msgstore.MessageFlags;
import org.msgstore.MessageStoreConnectionFactory;
import org.msgstore.it.app.DeliberateFailure;
import org.msgstore.it.app.ResourceRefs;
import org.msgstore.it.app.StoreProbe;
import org.msgstore.it.app.SubmittingCdiBean;
import org.msgstore.it.app.SubmittingEjb;

/**
 * Message.submit() and saveChanges() join the caller's JTA transaction in a container-managed EJB
 * and in a CDI @Transactional bean: committed work is visible to a later transaction, work of a
 * transaction that rolls back leaves nothing. The adapter runs with the spooler off, so a submitted
 * message stays queued in the Outbox with MSGFLAG_SUBMIT.
 *
 * <p>A server module subclasses this with its {@code @Deployment} named {@value #APP} (the beans
 * {@link SubmittingEjb} and {@link SubmittingCdiBean}) and its adapter setup.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class SubmitInTransactionScenarios {
  protected static final String APP = "app";

  @EJB private SubmittingEjb ejb;
  @EJB private StoreProbe probe;
  @Inject private SubmittingCdiBean cdiBean;

  /** The server, seen from the test JVM. */
  protected abstract ServerUnderTest server();

  /** The beans the subclass's war must hold besides the common ones. */
  protected static Class<?>[] beans() {
    return new Class<?>[] {SubmittingEjb.class, SubmittingCdiBean.class};
  }

  private static String uniqueSubject(String what) {
    return what + " " + UUID.randomUUID();
  }

  /**
   * Submits a message with a fresh subject through {@code submit}; it is queued once, committed.
   */
  private void assertQueuedAfterCommit(String what, Consumer<String> submit) {
    String subject = uniqueSubject(what);
    submit.accept(subject);
    assertSubmittedOnce(probe.outboxFlags(subject));
  }

  @Test
  @OperateOnDeployment(APP)
  void the_resource_ref_resolves_to_the_admin_created_factory() throws Exception {
    Object factory = new InitialContext().lookup("java:comp/env/" + ResourceRefs.MSGSTORE);
    assertInstanceOf(MessageStoreConnectionFactory.class, factory);
  }

  @Test
  @OperateOnDeployment(APP)
  void
      a_message_submitted_in_an_ejb_that_commits_is_queued_with_MSGFLAG_SUBMIT_for_a_later_transaction() {
    assertQueuedAfterCommit("ejb commit", ejb::submit);
  }

  @Test
  @OperateOnDeployment(APP)
  void a_message_submitted_in_an_ejb_is_invisible_to_another_transaction_until_commit() {
    String subject = uniqueSubject("ejb before commit");
    List<Integer> seenBeforeCommit = ejb.submitAndProbeBeforeCommit(subject);
    assertEquals(List.of(), seenBeforeCommit);
    assertSubmittedOnce(probe.outboxFlags(subject));
  }

  @Test
  @OperateOnDeployment(APP)
  void a_message_saved_in_an_ejb_that_commits_is_visible_unsubmitted_from_another_transaction() {
    String subject = uniqueSubject("ejb save");
    ejb.save(subject);
    List<Integer> flags = probe.outboxFlags(subject);
    assertEquals(1, flags.size(), "messages with the subject in the Outbox: " + flags);
    assertEquals(0, flags.get(0) & MessageFlags.MSGFLAG_SUBMIT, "PR_MESSAGE_FLAGS " + flags);
  }

  @Test
  @OperateOnDeployment(APP)
  void an_ejb_that_throws_a_RuntimeException_after_submit_leaves_nothing_in_the_outbox() {
    String subject = uniqueSubject("ejb rollback");
    EJBException e = assertThrows(EJBException.class, () -> ejb.submitThenFail(subject));
    assertInstanceOf(DeliberateFailure.class, rootCause(e), "cause of " + e);
    assertEquals(List.of(), probe.outboxFlags(subject));
  }

  @Test
  @OperateOnDeployment(APP)
  void submits_from_two_mailboxes_in_one_ejb_transaction_commit_together() {
    String subject = uniqueSubject("two mailboxes commit");
    ejb.submitFromMailboxes(subject, false, "alice", "bob");
    assertSubmittedOnce(probe.outboxFlags("alice", subject));
    assertSubmittedOnce(probe.outboxFlags("bob", subject));
  }

  @Test
  @OperateOnDeployment(APP)
  void submits_from_two_mailboxes_in_one_ejb_transaction_roll_back_together() {
    String subject = uniqueSubject("two mailboxes rollback");
    assertThrows(EJBException.class, () -> ejb.submitFromMailboxes(subject, true, "alice", "bob"));
    assertEquals(List.of(), probe.outboxFlags("alice", subject));
    assertEquals(List.of(), probe.outboxFlags("bob", subject));
  }

  @Test
  @OperateOnDeployment(APP)
  void a_submit_in_a_transaction_marked_rollback_only_leaves_nothing() {
    String subject = uniqueSubject("ejb rollback-only");
    try {
      ejb.submitAfterSetRollbackOnly(subject);
    } catch (EJBException expected) {
      // Whether submit() refuses at the call is the next test's rule; here only the outcome counts.
    }
    assertEquals(List.of(), probe.outboxFlags(subject));
  }

  @Test
  @OperateOnDeployment(APP)
  void a_submit_in_a_transaction_marked_rollback_only_fails_at_the_call() {
    String subject = uniqueSubject("ejb rollback-only call");
    EJBException e =
        assertThrows(EJBException.class, () -> ejb.submitAfterSetRollbackOnly(subject));
    assertInstanceOf(MapiException.class, rootCause(e), "cause of " + e);
  }

  @Test
  @OperateOnDeployment(APP)
  void
      a_message_submitted_in_a_transactional_cdi_bean_that_commits_is_queued_with_MSGFLAG_SUBMIT() {
    assertQueuedAfterCommit("cdi commit", cdiBean::submit);
  }

  @Test
  @OperateOnDeployment(APP)
  void
      a_transactional_cdi_bean_that_throws_a_RuntimeException_after_submit_leaves_nothing_in_the_outbox() {
    String subject = uniqueSubject("cdi rollback");
    assertThrows(DeliberateFailure.class, () -> cdiBean.submitThenFail(subject));
    assertEquals(List.of(), probe.outboxFlags(subject));
  }

  /** Last: the container reclaimed no handle the beans of this class left open. */
  @Test
  @RunAsClient
  @Order(Integer.MAX_VALUE)
  void no_connection_handle_was_left_open_for_the_container_to_close() {
    server().assertNoLeakedHandles();
  }

  private static void assertSubmittedOnce(List<Integer> flags) {
    assertEquals(1, flags.size(), "messages with the subject in the Outbox: " + flags);
    assertEquals(
        MessageFlags.MSGFLAG_SUBMIT,
        flags.get(0) & MessageFlags.MSGFLAG_SUBMIT,
        "PR_MESSAGE_FLAGS 0x" + Integer.toHexString(flags.get(0)));
  }

  /** The innermost cause of {@code t}. */
  public static Throwable rootCause(Throwable t) {
    Throwable cause = t;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause;
  }
}
