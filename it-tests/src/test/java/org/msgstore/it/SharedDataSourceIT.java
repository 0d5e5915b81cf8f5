package org.msgstore.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.api.ServerSetup;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.msgstore.it.app.SharedDataSourceOrders.Outcome;
import org.msgstore.it.scenario.PostgresInstalled;
import org.msgstore.it.scenario.ServerUnderTest;
import org.msgstore.it.scenario.SharedDataSourceScenarios;

/**
 * {@link SharedDataSourceScenarios} on WildFly: the PostgreSQL driver deployed, the non-XA
 * datasource AppDS added and the adapter configured with {@code dataSource} naming it, all through
 * the management model ({@link SharedDataSourceSpoolingSetup}); Narayana's trace shows the
 * one-phase commit ({@link TransactionTraceSetup}).
 */
@ExtendWith(PostgresInstalled.class)
@ExtendWith(ArquillianExtension.class)
@ServerSetup({
  PostgresAppDataSourceSetup.class,
  SharedDataSourceSpoolingSetup.class,
  TransactionTraceSetup.class
})
class SharedDataSourceIT extends SharedDataSourceScenarios {
  @Deployment(name = APP)
  static WebArchive app() {
    return Deployments.app("shared-datasource-it", SharedDataSourceIT.class, beans());
  }

  @ArquillianResource private ManagementClient management;

  @Override
  protected ServerUnderTest server() {
    return new WildFly(management);
  }

  /**
   * One resource, the datasource, enlisted once for the order row, the store's writes and the
   * application's message row together; the coordinator commits it in one phase and prepares
   * nothing (a one-phase commit writes no transaction-log record either). Runs after the scenarios'
   * SMTP check (unordered tests run after the ordered ones), so its extra confirmation is not
   * counted there.
   */
  @Test
  @OperateOnDeployment(APP)
  void the_transaction_manager_commits_the_order_and_its_confirmation_in_one_phase()
      throws Exception {
    List<String> lines =
        NarayanaTrace.linesDuring(
            () -> orders.placeOrder("one-phase-" + UUID.randomUUID(), Outcome.COMMIT));

    assertEquals(
        List.of(AppDataSource.JNDI_NAME),
        lines.stream()
            .filter(line -> line.contains("TransactionImple.enlistResource"))
            .map(NarayanaTrace::jndiName)
            .toList(),
        "resources enlisted");
    // The transaction's one record, IronJacamar's local-transaction resource, committed in one
    // phase: BasicAction::onePhaseCommit, then LastResourceRecord::topLevelOnePhase.
    for (String onePhase :
        List.of("BasicAction::onePhaseCommit()", "LastResourceRecord::topLevelOnePhase()")) {
      assertEquals(
          1,
          lines.stream().filter(line -> line.contains(onePhase)).count(),
          onePhase + " in " + lines);
    }
    assertEquals(
        List.of(),
        lines.stream()
            .filter(
                line -> line.contains("BasicAction::prepare") || line.contains("topLevelPrepare"))
            .toList(),
        "prepares");
  }
}
