package org.msgstore.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.api.ServerSetup;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.msgstore.it.scenario.ServerUnderTest;
import org.msgstore.it.scenario.TwoPhaseCommitScenarios;

/**
 * {@link TwoPhaseCommitScenarios} on WildFly, with the application's XA datasource added through
 * the management model ({@link AppDataSourceSetup}); Narayana's trace shows the two-phase commit.
 */
@ExtendWith(ArquillianExtension.class)
@ServerSetup({MsgStoreAdapterSetup.class, AppDataSourceSetup.class})
class TwoPhaseCommitIT extends TwoPhaseCommitScenarios {
  @Deployment(name = APP)
  static WebArchive app() {
    return Deployments.app("two-phase-commit-it", TwoPhaseCommitIT.class, beans());
  }

  @ArquillianResource private ManagementClient management;

  @Override
  protected ServerUnderTest server() {
    return new WildFly(management);
  }

  @Test
  @OperateOnDeployment(APP)
  void the_transaction_manager_prepares_both_the_store_and_the_datasource_before_committing()
      throws Exception {
    List<String> lines =
        NarayanaTrace.linesDuring(
            () -> orders.placeOrder(UUID.randomUUID().toString(), false, false));
    // One prepare per resource, then one commit per resource: no one-phase shortcut.
    for (String phase : List.of("topLevelPrepare", "topLevelCommit")) {
      List<String> resources =
          lines.stream()
              .filter(line -> line.contains("XAResourceRecord." + phase))
              .map(NarayanaTrace::jndiName)
              .sorted()
              .toList();
      assertEquals(
          Stream.of(AppDataSourceSetup.JNDI_NAME, MsgStoreAdapterSetup.JNDI_NAME).sorted().toList(),
          resources,
          phase);
    }
  }
}
