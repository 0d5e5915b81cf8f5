package org.msgstore.it.payara;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.ejb.EJB;
import jakarta.ejb.EJBException;
import java.util.List;
import java.util.UUID;
import javax.naming.InitialContext;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.msgstore.MessageStoreConnectionFactory;
import org.msgstore.it.payara.app.DeliberateFailure;
import org.msgstore.it.payara.app.StoreProbe;
import org.msgstore.it.payara.app.SubmittingEjb;

/**
 * On Payara, with the adapter configured by asadmin: submit() joins the EJB's JTA transaction; a
 * committed submit is queued with MSGFLAG_SUBMIT, a rolled-back one leaves nothing. The beans use
 * the portable resource-ref lookup.
 */
@ExtendWith({PayaraDomain.class, ArquillianExtension.class})
class SubmitInTransactionIT {
  @Deployment(name = "app")
  static WebArchive app() {
    return Deployments.app("submit-it", SubmitInTransactionIT.class, SubmittingEjb.class);
  }

  @EJB private SubmittingEjb ejb;
  @EJB private StoreProbe probe;

  private static String uniqueSubject(String what) {
    return what + " " + UUID.randomUUID();
  }

  @Test
  @OperateOnDeployment("app")
  void the_resource_ref_eis_MsgStore_resolves_to_the_admin_created_factory() throws Exception {
    Object factory = new InitialContext().lookup("java:comp/env/eis/MsgStore");
    assertInstanceOf(MessageStoreConnectionFactory.class, factory);
  }

  @Test
  @OperateOnDeployment("app")
  void a_message_submitted_in_an_ejb_that_commits_is_in_the_outbox_for_a_later_transaction() {
    String subject = uniqueSubject("ejb commit");
    ejb.submit(subject);
    // The committed message is there for another transaction. MSGFLAG_SUBMIT itself cannot be
    // asserted on Payara: spoolerEnabled=false does not reach the adapter (README "Payara", known
    // problem), so the spooler claims the committed message at once and its delivery attempt
    // changes the flags. The spooler only ever sees committed submits.
    List<Integer> flags = Deployments.outboxFlags(probe, subject);
    assertEquals(1, flags.size(), "messages with the subject in the Outbox: " + flags);
  }

  @Test
  @OperateOnDeployment("app")
  void an_ejb_that_throws_a_RuntimeException_after_submit_leaves_nothing_in_the_outbox() {
    String subject = uniqueSubject("ejb rollback");
    EJBException e = assertThrows(EJBException.class, () -> ejb.submitThenFail(subject));
    assertInstanceOf(DeliberateFailure.class, Deployments.rootCause(e), "cause of " + e);
    assertEquals(List.of(), Deployments.outboxFlags(probe, subject));
  }
}
