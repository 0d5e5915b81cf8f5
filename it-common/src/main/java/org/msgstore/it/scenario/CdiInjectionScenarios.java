package org.msgstore.it.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.ejb.EJB;
import jakarta.ejb.EJBException;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.msgstore.MessageFlags;
import org.msgstore.it.app.DeliberateFailure;
import org.msgstore.it.app.InjectingCdiBean;
import org.msgstore.it.app.InjectingEjb;
import org.msgstore.it.app.StoreProbe;

/**
 * The msgstore-cdi jar in an application: a {@code @Transactional} CDI bean and a stateless EJB
 * inject {@code @Mailbox(...) MessageStoreConnection} and never close it; their submits commit and
 * roll back with the transaction as with {@code @Resource}, and the server's leak check finds no
 * handle left open (each handle is closed when its transaction or request ends).
 *
 * <p>A server module subclasses this with its {@code @Deployment} named {@value #APP}: the beans of
 * {@link #beans()} and the msgstore-cdi jar in WEB-INF/lib.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class CdiInjectionScenarios {
  protected static final String APP = "cdi";

  @Inject private InjectingCdiBean cdiBean;
  @EJB private InjectingEjb ejb;
  @EJB private StoreProbe probe;

  /** server.log lines before the first test; set on the client. */
  private static int logLinesBefore;

  protected abstract ServerUnderTest server();

  protected static Class<?>[] beans() {
    return new Class<?>[] {InjectingCdiBean.class, InjectingEjb.class};
  }

  private static String uniqueSubject(String what) {
    return what + " " + UUID.randomUUID();
  }

  @Test
  @Order(0)
  @RunAsClient
  void mark_the_log() {
    logLinesBefore = server().serverLog().size();
  }

  @Test
  @OperateOnDeployment(APP)
  void a_transactional_cdi_bean_submits_through_its_injected_mailbox_and_commits() {
    String subject = uniqueSubject("cdi inject commit");
    cdiBean.submit(subject);
    assertSubmitted(1, probe.outboxFlags(InjectingCdiBean.MAILBOX, subject));
  }

  @Test
  @OperateOnDeployment(APP)
  void a_transactional_cdi_bean_that_throws_after_submit_leaves_nothing_in_the_injected_mailbox() {
    String subject = uniqueSubject("cdi inject rollback");
    assertThrows(DeliberateFailure.class, () -> cdiBean.submitThenFail(subject));
    assertEquals(List.of(), probe.outboxFlags(InjectingCdiBean.MAILBOX, subject));
  }

  @Test
  @OperateOnDeployment(APP)
  void two_submits_on_the_injected_mailbox_in_one_transaction_commit_together() {
    String subject = uniqueSubject("cdi inject twice");
    cdiBean.submitTwice(subject, false);
    assertSubmitted(2, probe.outboxFlags(InjectingCdiBean.MAILBOX, subject));
  }

  @Test
  @OperateOnDeployment(APP)
  void two_submits_on_the_injected_mailbox_in_one_transaction_roll_back_together() {
    String subject = uniqueSubject("cdi inject twice rollback");
    assertThrows(DeliberateFailure.class, () -> cdiBean.submitTwice(subject, true));
    assertEquals(List.of(), probe.outboxFlags(InjectingCdiBean.MAILBOX, subject));
  }

  @Test
  @OperateOnDeployment(APP)
  void without_a_transaction_the_injected_mailbox_works_for_the_request_and_commits_each_call() {
    String subject = uniqueSubject("cdi inject no transaction");
    cdiBean.saveWithoutTransaction(subject);
    List<Integer> flags = probe.outboxFlags(InjectingCdiBean.MAILBOX, subject);
    assertEquals(1, flags.size(), "messages with the subject in the Outbox: " + flags);
    assertEquals(0, flags.get(0) & MessageFlags.MSGFLAG_SUBMIT, "PR_MESSAGE_FLAGS " + flags);
  }

  @Test
  @OperateOnDeployment(APP)
  void the_injected_compose_helper_writes_in_the_injected_mailbox_and_commits() {
    String subject = uniqueSubject("cdi inject compose");
    cdiBean.composeAndSubmit(subject);
    assertSubmitted(1, probe.outboxFlags(InjectingCdiBean.MAILBOX, subject));
  }

  @Test
  @OperateOnDeployment(APP)
  void an_ejb_submits_through_its_injected_mailbox_and_commits() {
    String subject = uniqueSubject("ejb inject commit");
    ejb.submit(subject);
    assertSubmitted(1, probe.outboxFlags(InjectingEjb.MAILBOX, subject));
  }

  @Test
  @OperateOnDeployment(APP)
  void an_ejb_that_throws_after_submit_leaves_nothing_in_the_injected_mailbox() {
    String subject = uniqueSubject("ejb inject rollback");
    EJBException e = assertThrows(EJBException.class, () -> ejb.submitThenFail(subject));
    Throwable cause = e;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    assertInstanceOf(DeliberateFailure.class, cause, "cause of " + e);
    assertEquals(List.of(), probe.outboxFlags(InjectingEjb.MAILBOX, subject));
  }

  @Test
  @OperateOnDeployment(APP)
  void the_injected_factory_is_the_admin_created_one() {
    assertEquals("cdi-factory", ejb.mailboxOfFactoryConnection("cdi-factory"));
  }

  /**
   * Last: no handle was reclaimed by the server, and nothing but the deliberate failures was logged
   * as a problem.
   */
  @Test
  @RunAsClient
  @Order(Integer.MAX_VALUE)
  void no_injected_handle_was_left_open_for_the_container_to_close() {
    server().assertNoLeakedHandles();
    assertEquals(
        List.of(),
        server().serverLogSince(logLinesBefore).stream()
            .filter(server()::isProblem)
            .filter(l -> !l.contains(DeliberateFailure.class.getSimpleName()))
            .toList(),
        "server log problems while the injecting beans ran");
  }

  private static void assertSubmitted(int count, List<Integer> flags) {
    assertEquals(count, flags.size(), "messages with the subject in the Outbox: " + flags);
    for (int f : flags) {
      assertEquals(
          MessageFlags.MSGFLAG_SUBMIT,
          f & MessageFlags.MSGFLAG_SUBMIT,
          "PR_MESSAGE_FLAGS 0x" + Integer.toHexString(f));
    }
  }
}
