package org.msgstore.it.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ejb.EJB;
import jakarta.ejb.EJBException;
import java.util.List;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.msgstore.MessageFlags;
import org.msgstore.it.app.Compose;
import org.msgstore.it.app.OrderSchema;
import org.msgstore.it.app.OrderService;
import org.msgstore.it.app.StoreProbe;

/**
 * A business row in the application's own XA datasource and a submitted message in one EJB
 * transaction: the transaction manager commits both or neither. That it does so with a real
 * two-phase commit of both resources is shown per server (each proves it from its own transaction
 * manager's trace), in the subclass.
 *
 * <p>A server module subclasses this with its {@code @Deployment} named {@value #APP} holding
 * {@link #beans()}, the adapter setup and the application datasource mapped to {@code jdbc/AppXA}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class TwoPhaseCommitScenarios {
  protected static final String APP = "app";

  @EJB protected OrderService orders;
  @EJB private StoreProbe probe;

  protected abstract ServerUnderTest server();

  protected static Class<?>[] beans() {
    return new Class<?>[] {OrderService.class, OrderSchema.class};
  }

  @Test
  @OperateOnDeployment(APP)
  void an_order_row_and_its_submitted_confirmation_commit_together() throws Exception {
    String orderId = UUID.randomUUID().toString();
    orders.placeOrder(orderId, false, false);

    assertTrue(orders.orderExists(orderId), "order row committed");
    List<Integer> flags = probe.outboxFlags(Compose.confirmationSubject(orderId));
    assertEquals(1, flags.size(), "confirmations in the Outbox: " + flags);
    assertEquals(MessageFlags.MSGFLAG_SUBMIT, flags.get(0) & MessageFlags.MSGFLAG_SUBMIT);
  }

  @Test
  @OperateOnDeployment(APP)
  void setRollbackOnly_rolls_back_both_the_order_row_and_the_submitted_confirmation()
      throws Exception {
    String orderId = UUID.randomUUID().toString();
    orders.placeOrder(orderId, true, false);

    assertFalse(orders.orderExists(orderId), "order row rolled back");
    assertEquals(List.of(), probe.outboxFlags(Compose.confirmationSubject(orderId)));
  }

  @Test
  @OperateOnDeployment(APP)
  void a_system_exception_rolls_back_both_the_order_row_and_the_submitted_confirmation()
      throws Exception {
    String orderId = UUID.randomUUID().toString();
    assertThrows(EJBException.class, () -> orders.placeOrder(orderId, false, true));

    assertFalse(orders.orderExists(orderId), "order row rolled back");
    assertEquals(List.of(), probe.outboxFlags(Compose.confirmationSubject(orderId)));
  }

  /** Last: the container reclaimed no handle the beans of this class left open. */
  @Test
  @RunAsClient
  @Order(Integer.MAX_VALUE)
  void no_connection_handle_was_left_open_for_the_container_to_close() {
    server().assertNoLeakedHandles();
  }
}
