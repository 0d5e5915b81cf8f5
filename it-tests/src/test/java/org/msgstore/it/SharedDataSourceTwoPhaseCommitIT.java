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
import org.msgstore.it.scenario.PostgresInstalled;
import org.msgstore.it.scenario.ServerUnderTest;
import org.msgstore.it.scenario.TwoPhaseCommitScenarios;

/**
 * {@link TwoPhaseCommitScenarios} with the store in dataSource mode on AppDS (PostgreSQL, non-XA)
 * and the application's business rows in a different, XA datasource (AppXA, H2): the transaction
 * manager still commits both or neither, preparing AppXA and committing AppDS as the transaction's
 * one non-XA (last) resource.
 */
@ExtendWith(PostgresInstalled.class)
@ExtendWith(ArquillianExtension.class)
@ServerSetup({
  PostgresAppDataSourceSetup.class,
  SharedDataSourceAdapterSetup.class,
  AppDataSourceSetup.class
})
class SharedDataSourceTwoPhaseCommitIT extends TwoPhaseCommitScenarios {
  @Deployment(name = APP)
  static WebArchive app() {
    return Deployments.app(
        "shared-datasource-two-phase-it", SharedDataSourceTwoPhaseCommitIT.class, beans());
  }

  @ArquillianResource private ManagementClient management;

  @Override
  protected ServerUnderTest server() {
    return new WildFly(management);
  }

  @Test
  @OperateOnDeployment(APP)
  void the_transaction_manager_prepares_the_xa_datasource_and_commits_the_store_datasource_last()
      throws Exception {
    List<String> lines =
        NarayanaTrace.linesDuring(
            () -> orders.placeOrder(UUID.randomUUID().toString(), false, false));

    assertEquals(
        List.of(AppDataSource.JNDI_NAME, AppDataSourceSetup.JNDI_NAME).stream().sorted().toList(),
        lines.stream()
            .filter(line -> line.contains("TransactionImple.enlistResource"))
            .map(NarayanaTrace::jndiName)
            .sorted()
            .toList(),
        "resources enlisted");
    for (String phase : List.of("topLevelPrepare", "topLevelCommit")) {
      assertEquals(
          List.of(AppDataSourceSetup.JNDI_NAME),
          lines.stream()
              .filter(line -> line.contains("XAResourceRecord." + phase))
              .map(NarayanaTrace::jndiName)
              .toList(),
          phase + ": " + lines);
    }
  }
}
