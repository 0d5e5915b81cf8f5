package org.msgstore.it.payara;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.msgstore.it.app.Await;
import org.msgstore.it.app.SharedDataSourceOrders.Outcome;
import org.msgstore.it.scenario.PostgresInstalled;
import org.msgstore.it.scenario.ServerUnderTest;
import org.msgstore.it.scenario.SharedDataSourceScenarios;

/**
 * {@link SharedDataSourceScenarios} on Payara: the PostgreSQL driver in the domain's lib/, the JDBC
 * pool and resource jdbc/AppDS, the connector pool with NoTransaction and the adapter config with
 * {@code dataSource=jdbc/AppDS}, all with asadmin ({@link SharedDataSourceSpoolingAdapter}); the
 * transaction manager's FINE log shows the one-phase commit.
 */
@ExtendWith({
  PayaraDomain.class,
  PostgresInstalled.class,
  SharedDataSourceSpoolingAdapter.class,
  ArquillianExtension.class
})
class SharedDataSourceIT extends SharedDataSourceScenarios {
  private static final Duration LOG_TIMEOUT = Duration.ofSeconds(10);
  private static final String COMMIT = "--In JavaEETransactionImpl.commit, ";

  @Deployment(name = APP)
  static WebArchive app() {
    return Deployments.app("shared-datasource-it", SharedDataSourceIT.class, beans());
  }

  @Override
  protected ServerUnderTest server() {
    return Payara.INSTANCE;
  }

  /**
   * Payara runs a transaction as a local one as long as it has a single non-XA resource, and
   * commits that resource in one phase ({@code commit(xid, onePhase=true)}); a second resource, or
   * an XA one, would have switched it to a JTS transaction ({@code jtsTx} set), which prepares.
   * Runs after the scenarios' SMTP check (unordered tests run after the ordered ones), so its extra
   * confirmation is not counted there.
   */
  @Test
  @OperateOnDeployment(APP)
  void the_transaction_manager_commits_the_order_and_its_confirmation_in_one_phase()
      throws Exception {
    // In the server's JVM: the log file is local; Payara writes its records a moment later.
    Path log = Path.of(System.getProperty("com.sun.aas.instanceRoot"), "logs", "server.log");
    int before = lines(log).size();
    orders.placeOrder("one-phase-" + UUID.randomUUID(), Outcome.COMMIT);

    List<String> commits =
        Await.until(
            () -> lines(log).stream().skip(before).filter(l -> l.contains(COMMIT)).toList(),
            found -> !found.isEmpty(),
            LOG_TIMEOUT,
            "the transaction manager's commit record");
    assertEquals(1, commits.size(), "commits: " + commits);
    String commit = commits.get(0);
    assertTrue(commit.contains("jtsTx=null"), "not a local transaction: " + commit);
    assertTrue(
        commit.contains("nonXAResource=") && !commit.contains("nonXAResource=null"),
        "no single non-XA resource: " + commit);
  }

  private static List<String> lines(Path log) {
    try {
      return Files.readAllLines(log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
