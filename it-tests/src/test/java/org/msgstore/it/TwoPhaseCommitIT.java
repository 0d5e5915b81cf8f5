package org.msgstore.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ejb.EJB;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.api.ServerSetup;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.msgstore.MessageFlags;
import org.msgstore.it.app.Compose;
import org.msgstore.it.app.OrderSchema;
import org.msgstore.it.app.OrderService;
import org.msgstore.it.app.StoreProbe;

/**
 * A business row in an application XA datasource and a submitted message in one EJB transaction:
 * the transaction manager commits both (two-phase, two resources) or neither.
 */
@ExtendWith(ArquillianExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ServerSetup({MsgStoreAdapterSetup.class, AppDataSourceSetup.class})
class TwoPhaseCommitIT {
  @Deployment(name = "app")
  static WebArchive app() {
    return Deployments.app(
        "two-phase-commit-it", TwoPhaseCommitIT.class, OrderService.class, OrderSchema.class);
  }

  @ArquillianResource private ManagementClient management;

  @EJB private OrderService orders;
  @EJB private StoreProbe probe;

  @Test
  @OperateOnDeployment("app")
  void an_order_row_and_its_submitted_confirmation_commit_together() throws Exception {
    String orderId = UUID.randomUUID().toString();
    orders.placeOrder(orderId, false);

    assertTrue(orders.orderExists(orderId), "order row committed");
    List<Integer> flags = probe.outboxFlags(Compose.confirmationSubject(orderId));
    assertEquals(1, flags.size(), "confirmations in the Outbox: " + flags);
    assertEquals(MessageFlags.MSGFLAG_SUBMIT, flags.get(0) & MessageFlags.MSGFLAG_SUBMIT);
  }

  @Test
  @OperateOnDeployment("app")
  void the_transaction_manager_prepares_both_the_store_and_the_datasource_before_committing()
      throws Exception {
    // In the server's JVM: the log file is local, and the lines after `before` are this test's.
    Path log = Path.of(System.getProperty("jboss.server.log.dir"), "server.log");
    int before = Files.readAllLines(log).size();
    orders.placeOrder(UUID.randomUUID().toString(), false);
    List<String> lines = Files.readAllLines(log).stream().skip(before).toList();
    // One prepare per resource, then one commit per resource: no one-phase shortcut.
    for (String phase : List.of("topLevelPrepare", "topLevelCommit")) {
      List<String> resources =
          lines.stream()
              .filter(line -> line.contains("XAResourceRecord." + phase))
              .map(TwoPhaseCommitIT::jndiName)
              .sorted()
              .toList();
      assertEquals(
          Stream.of(OrderService.DATASOURCE, MsgStoreAdapterSetup.JNDI_NAME).sorted().toList(),
          resources,
          phase);
    }
  }

  /** The jndiName=… IronJacamar's XAResource wrapper shows in Narayana's trace line. */
  private static String jndiName(String line) {
    int start = line.indexOf("jndiName=") + "jndiName=".length();
    int end = line.indexOf(']', start);
    return start < "jndiName=".length() || end < 0 ? line : line.substring(start, end);
  }

  @Test
  @OperateOnDeployment("app")
  void setRollbackOnly_rolls_back_both_the_order_row_and_the_submitted_confirmation()
      throws Exception {
    String orderId = UUID.randomUUID().toString();
    orders.placeOrder(orderId, true);

    assertFalse(orders.orderExists(orderId), "order row rolled back");
    assertEquals(List.of(), probe.outboxFlags(Compose.confirmationSubject(orderId)));
  }

  /** Last: the container closed no handle for this class's beans (CCM debug is on, see setup). */
  @Test
  @RunAsClient
  @Order(Integer.MAX_VALUE)
  void no_connection_handle_was_left_open_for_the_container_to_close() {
    Management.assertNoLeakedHandles(management);
  }
}
