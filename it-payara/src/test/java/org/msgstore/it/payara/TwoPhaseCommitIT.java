package org.msgstore.it.payara;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
    int storeBefore = lines(store).size();
    int datasourceBefore = lines(datasource).size();

    orders.placeOrder(UUID.randomUUID().toString(), false, false);

    List<String> storeCalls = xaStatements(lines(store).subList(storeBefore, lines(store).size()));
    List<String> datasourceCalls =
        xaStatements(lines(datasource).subList(datasourceBefore, lines(datasource).size()));
    String storeXid = preparedThenCommitted(storeCalls, "store");
    String datasourceXid = preparedThenCommitted(datasourceCalls, "datasource");
    assertNotEquals(storeXid, datasourceXid, "two branches");
    assertEquals(globalId(storeXid), globalId(datasourceXid), "one global transaction");
  }

  /** Asserts the statements are exactly a prepare and a commit of one Xid; returns that Xid. */
  static String preparedThenCommitted(List<String> statements, String resource) {
    assertEquals(2, statements.size(), "XA statements of the " + resource + ": " + statements);
    String xid = statements.get(0).substring("PREPARE COMMIT ".length());
    assertEquals(
        List.of("PREPARE COMMIT " + xid, "COMMIT TRANSACTION " + xid), statements, resource);
    return xid;
  }

  static List<String> lines(Path file) throws IOException {
    return Files.exists(file) ? Files.readAllLines(file) : List.of();
  }

  /**
   * "PREPARE COMMIT XID|…" and "COMMIT TRANSACTION XID|…" from the trace's executed-SQL lines
   * ({@code /*SQL …*}{@code /PREPARE COMMIT \"XID|format|branch|global\";}).
   */
  static List<String> xaStatements(List<String> trace) {
    List<String> found = new ArrayList<>();
    for (String line : trace) {
      if (!line.startsWith("/*SQL")) {
        continue;
      }
      for (String verb : List.of("PREPARE COMMIT", "COMMIT TRANSACTION")) {
        int at = line.indexOf(verb + " ");
        int xid = line.indexOf("XID|", at);
        if (at >= 0 && xid >= 0) {
          int end = xid;
          while (end < line.length() && line.charAt(end) != '\\' && line.charAt(end) != '"') {
            end++;
          }
          found.add(verb + " " + line.substring(xid, end));
        }
      }
    }
    return found;
  }

  /** H2 writes an Xid as XID|format|branch qualifier|global transaction id (base64). */
  private static String globalId(String xid) {
    return xid.substring(xid.lastIndexOf('|') + 1);
  }
}
