package org.msgstore.it.payara;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.msgstore.it.scenario.ServerUnderTest;
import org.msgstore.it.scenario.TwoPhaseCommitScenarios;

/**
 * {@link TwoPhaseCommitScenarios} on Payara, with the application's XA datasource a Payara JDBC XA
 * pool on the H2 Payara ships. Both databases are H2 with a trace file (TRACE_LEVEL_FILE=3), in
 * which each XA branch's prepare and commit show as SQL: that shows the two-phase commit.
 */
@ExtendWith({PayaraDomain.class, TracedStoreAdapter.class, ArquillianExtension.class})
class TwoPhaseCommitIT extends TwoPhaseCommitScenarios {
  @Deployment(name = APP)
  static WebArchive app() {
    return Deployments.app("two-phase-commit-it", TwoPhaseCommitIT.class, beans());
  }

  @Override
  protected ServerUnderTest server() {
    return Payara.INSTANCE;
  }

  /**
   * One transaction, two branches: the store and the application datasource each run {@code PREPARE
   * COMMIT} and then {@code COMMIT TRANSACTION} for their branch (H2's XAResource.prepare and
   * commit(onePhase=false)), and both branches carry the same global transaction id. A one-phase
   * commit, or the store enlisted as a last non-XA resource, would show no prepare.
   */
  @Test
  @OperateOnDeployment(APP)
  void the_transaction_manager_prepares_both_the_store_and_the_datasource_before_committing()
      throws Exception {
    Path store = TracedStoreAdapter.traceFile();
    Path datasource = PayaraDomain.instanceRoot().resolve("lib/databases/appxa.trace.db");
    int storeBefore = H2XaTrace.lines(store).size();
    int datasourceBefore = H2XaTrace.lines(datasource).size();

    orders.placeOrder(UUID.randomUUID().toString(), false, false);

    List<String> storeCalls =
        H2XaTrace.xaStatements(
            H2XaTrace.lines(store).subList(storeBefore, H2XaTrace.lines(store).size()));
    List<String> datasourceCalls =
        H2XaTrace.xaStatements(
            H2XaTrace.lines(datasource)
                .subList(datasourceBefore, H2XaTrace.lines(datasource).size()));
    String storeXid = H2XaTrace.preparedThenCommitted(storeCalls, "store");
    String datasourceXid = H2XaTrace.preparedThenCommitted(datasourceCalls, "datasource");
    assertNotEquals(storeXid, datasourceXid, "two branches");
    assertEquals(globalId(storeXid), globalId(datasourceXid), "one global transaction");
  }

  /** H2 writes an Xid as XID|format|branch qualifier|global transaction id (base64). */
  private static String globalId(String xid) {
    return xid.substring(xid.lastIndexOf('|') + 1);
  }
}
