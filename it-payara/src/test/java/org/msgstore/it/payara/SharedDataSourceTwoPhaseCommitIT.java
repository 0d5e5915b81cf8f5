package org.msgstore.it.payara;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.msgstore.it.scenario.PostgresInstalled;
import org.msgstore.it.scenario.ServerUnderTest;
import org.msgstore.it.scenario.TwoPhaseCommitScenarios;

/**
 * {@link TwoPhaseCommitScenarios} with the store in dataSource mode on jdbc/AppDS (PostgreSQL,
 * non-XA) and the business rows in the application's XA datasource jdbc/AppXA (H2): Payara commits
 * both or neither, preparing the XA branch and committing the non-XA datasource as the
 * transaction's last agent.
 */
@ExtendWith({
  PayaraDomain.class,
  PostgresInstalled.class,
  SharedDataSourceAdapter.class,
  ArquillianExtension.class
})
class SharedDataSourceTwoPhaseCommitIT extends TwoPhaseCommitScenarios {
  @Deployment(name = APP)
  static WebArchive app() {
    return Deployments.app(
            "shared-datasource-two-phase-it", SharedDataSourceTwoPhaseCommitIT.class, beans())
        .addClass(H2XaTrace.class);
  }

  @Override
  protected ServerUnderTest server() {
    return Payara.INSTANCE;
  }

  /** The XA datasource's H2 trace: its branch was prepared, then committed (not in one phase). */
  @Test
  @OperateOnDeployment(APP)
  void the_transaction_manager_prepares_the_xa_datasource_before_committing_it() throws Exception {
    Path datasource = PayaraDomain.instanceRoot().resolve("lib/databases/appxa.trace.db");
    int before = H2XaTrace.lines(datasource).size();

    orders.placeOrder(UUID.randomUUID().toString(), false, false);

    List<String> trace = H2XaTrace.lines(datasource);
    H2XaTrace.preparedThenCommitted(
        H2XaTrace.xaStatements(trace.subList(before, trace.size())), "datasource");
  }
}
