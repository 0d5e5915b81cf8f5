package org.msgstore.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
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
@ServerSetup({SharedDataSourceSpoolingSetup.class, TransactionTraceSetup.class})
class SharedDataSourceIT extends SharedDataSourceScenarios {
  @Deployment(name = APP)
  static WebArchive app() {
    // TwoPhaseCommitIT: the trace helpers the in-server test uses.
    return Deployments.app("shared-datasource-it", SharedDataSourceIT.class, beans())
        .addClass(TwoPhaseCommitIT.class);
  }

  @ArquillianResource private ManagementClient management;

  @Override
  protected ServerUnderTest server() {
    return new WildFly(management);
  }

  /**
   * One resource, the datasource, enlisted once for the order row and the store's writes together;
   * the coordinator commits it in one phase and prepares nothing. Runs after the scenarios' SMTP
   * check (unordered tests run after the ordered ones), so its extra confirmation is not counted
   * there.
   */
  @Test
  @OperateOnDeployment(APP)
  void the_transaction_manager_commits_the_order_and_its_confirmation_in_one_phase()
      throws Exception {
    // In the server's JVM: the log file is local, and the lines after `before` are this test's.
    Path log = Path.of(System.getProperty("jboss.server.log.dir"), "server.log");
    int before = Files.readAllLines(log).size();
    orders.placeOrder("one-phase-" + UUID.randomUUID(), Outcome.COMMIT);
    List<String> lines = Files.readAllLines(log).stream().skip(before).toList();

    assertEquals(
        List.of(AppDataSource.JNDI_NAME),
        lines.stream()
            .filter(line -> line.contains("TransactionImple.enlistResource"))
            .map(TwoPhaseCommitIT::jndiName)
            .toList(),
        "resources enlisted");
    assertEquals(
        1,
        lines.stream().filter(line -> line.contains("BasicAction::onePhaseCommit()")).count(),
        "one-phase commits: " + lines);
    assertEquals(
        List.of(),
        lines.stream()
            .filter(
                line -> line.contains("BasicAction::prepare") || line.contains("topLevelPrepare"))
            .toList(),
        "prepares");
  }
}
