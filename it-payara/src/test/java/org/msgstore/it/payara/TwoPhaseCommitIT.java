package org.msgstore.it.payara;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ejb.EJB;
import jakarta.ejb.EJBException;
import java.util.List;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.msgstore.it.payara.app.Compose;
import org.msgstore.it.payara.app.OrderService;
import org.msgstore.it.payara.app.StoreProbe;

/**
 * A row in the application's XA datasource (a Payara JDBC XA pool on the H2 Payara ships) and a
 * submitted message in one EJB transaction: both commit or neither.
 */
@ExtendWith({PayaraDomain.class, ArquillianExtension.class})
class TwoPhaseCommitIT {
  @Deployment(name = "app")
  static WebArchive app() {
    return Deployments.app("two-phase-commit-it", TwoPhaseCommitIT.class, OrderService.class);
  }

  @EJB private OrderService orders;
  @EJB private StoreProbe probe;

  @BeforeEach
  void schema() throws Exception {
    if (orders != null) {
      orders.createSchema();
    }
  }

  @Test
  @OperateOnDeployment("app")
  void an_order_row_and_its_submitted_confirmation_commit_together() throws Exception {
    String orderId = UUID.randomUUID().toString();
    orders.placeOrder(orderId, false, false);

    assertTrue(orders.orderExists(orderId), "order row committed");
    // The committed message is there for another transaction. MSGFLAG_SUBMIT itself cannot be
    // asserted on Payara: spoolerEnabled=false does not reach the adapter (README "Payara", known
    // problem), so the spooler claims the committed message at once and its delivery attempt
    // changes the flags. The spooler only ever sees committed submits.
    List<Integer> flags = Deployments.outboxFlags(probe, Compose.confirmationSubject(orderId));
    assertEquals(1, flags.size(), "confirmations in the Outbox: " + flags);
  }

  @Test
  @OperateOnDeployment("app")
  void setRollbackOnly_rolls_back_both_the_order_row_and_the_submitted_confirmation()
      throws Exception {
    String orderId = UUID.randomUUID().toString();
    orders.placeOrder(orderId, true, false);

    assertFalse(orders.orderExists(orderId), "order row rolled back");
    assertEquals(List.of(), Deployments.outboxFlags(probe, Compose.confirmationSubject(orderId)));
  }

  @Test
  @OperateOnDeployment("app")
  void a_system_exception_rolls_back_both_the_order_row_and_the_submitted_confirmation()
      throws Exception {
    String orderId = UUID.randomUUID().toString();
    assertThrows(EJBException.class, () -> orders.placeOrder(orderId, false, true));

    assertFalse(orders.orderExists(orderId), "order row rolled back");
    assertEquals(List.of(), Deployments.outboxFlags(probe, Compose.confirmationSubject(orderId)));
  }
}
