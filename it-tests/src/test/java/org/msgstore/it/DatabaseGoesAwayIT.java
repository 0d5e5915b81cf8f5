package org.msgstore.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.EJBTransactionRolledbackException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.as.arquillian.api.ServerSetup;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.dmr.ModelNode;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.msgstore.FolderKind;
import org.msgstore.MapiException;
import org.msgstore.it.app.Await;
import org.msgstore.it.app.MailboxProbe;
import org.msgstore.it.app.SpoolerEjb;
import org.msgstore.it.scenario.PostgresInstalled;
import org.msgstore.it.scenario.TestSmtp;

/**
 * The short version of reliability/db-away.sh (RELIABILITY.md, "The database goes away"): the store
 * and the spooler on the application's PostgreSQL datasource, configured as the README recommends
 * (validated as the pool hands a connection out, PostgreSQL's exception sorter), and every backend
 * of the database terminated while the spooler delivers. Submits around it commit (a refused one is
 * refused with a MapiException and committed on a retry), every message is delivered and filed
 * once, at most the messages in flight are sent twice, and nothing is left queued or locked: the
 * spooler carries on by itself, on connections the pool replaced.
 */
@ExtendWith(PostgresInstalled.class)
@ExtendWith(ArquillianExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ServerSetup({
  DatabaseGoesAwayIT.ValidatedAppDataSourceSetup.class,
  SharedDataSourceSpoolingSetup.class
})
class DatabaseGoesAwayIT {
  private static final String SENDER = "db-away-sender";
  private static final String PREFIX = "DatabaseGoesAwayIT message ";
  private static final String RECIPIENT = "carol@example.net";
  private static final int BEFORE = 20;
  private static final int AFTER = 20;
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  /** What one spooler round claims, so what a fault can catch in flight (spoolerBatchSize). */
  private static final int IN_FLIGHT = 20;

  /** AppDS as a production datasource: the README's validation settings for PostgreSQL. */
  public static class ValidatedAppDataSourceSetup extends PostgresAppDataSourceSetup {
    @Override
    public void setup(ManagementClient client, String containerId) throws Exception {
      ModelNode validation = new ModelNode();
      validation
          .get("valid-connection-checker-class-name")
          .set("org.jboss.jca.adapters.jdbc.extensions.postgres.PostgreSQLValidConnectionChecker");
      validation
          .get("exception-sorter-class-name")
          .set("org.jboss.jca.adapters.jdbc.extensions.postgres.PostgreSQLExceptionSorter");
      validation.get("validate-on-match").set(true);
      validation.get("background-validation").set(false);
      AppDataSource.add(client, validation);
    }
  }

  @Deployment(name = "app")
  static WebArchive app() {
    return Deployments.app(
        "db-away-it", DatabaseGoesAwayIT.class, SpoolerEjb.class, MailboxProbe.class, Await.class);
  }

  @EJB private SpoolerEjb sender;
  @EJB private MailboxProbe probe;

  @Resource(lookup = AppDataSource.JNDI_NAME)
  private DataSource appDataSource;

  @Test
  @Order(1)
  @OperateOnDeployment("app")
  void messages_submitted_around_terminated_backends_are_each_filed_once_and_nothing_stays_locked()
      throws Exception {
    probe.ensureMailbox(SENDER);
    List<Exception> refused = new ArrayList<>();
    for (int i = 0; i < BEFORE; i++) {
      submitUntilCommitted(PREFIX + i, refused);
    }
    // Mid-delivery: the first is filed, the others are being claimed and sent.
    Await.found(() -> probe.find(SENDER, FolderKind.SENT_ITEMS, PREFIX), TIMEOUT, "a first one");
    int terminated = terminateOtherBackends();
    assertTrue(terminated > 0, "backends terminated: " + terminated);
    for (int i = BEFORE; i < BEFORE + AFTER; i++) {
      submitUntilCommitted(PREFIX + i, refused);
    }

    Await.until(
        () -> probe.find(SENDER, FolderKind.SENT_ITEMS, PREFIX).size(),
        n -> n >= BEFORE + AFTER,
        TIMEOUT,
        "every message filed into Sent Items");
    Await.until(this::queueRows, n -> n == 0, TIMEOUT, "the queue empty");
    assertEquals(BEFORE + AFTER, probe.find(SENDER, FolderKind.SENT_ITEMS, PREFIX).size());
    assertEquals(
        0, count("SELECT count(*) FROM msgstore.outgoing_queue WHERE lock_owner IS NOT NULL"));
    for (Exception e : refused) {
      assertTrue(
          mapiCode(e) != null || e instanceof EJBTransactionRolledbackException,
          "a refused submit says why with a MapiException: " + e);
    }
    Map<String, Long> codes =
        refused.stream()
            .collect(
                Collectors.groupingBy(
                    e -> String.valueOf(mapiCode(e)), TreeMap::new, Collectors.counting()));
    System.out.printf(
        "DatabaseGoesAwayIT: %d backends terminated; %d submits refused %s%n",
        terminated, refused.size(), codes);
  }

  @Test
  @Order(2)
  @RunAsClient
  void the_smtp_server_received_every_message_and_only_those_in_flight_twice() throws Exception {
    Set<String> subjects =
        IntStream.range(0, BEFORE + AFTER).mapToObj(i -> PREFIX + i).collect(Collectors.toSet());
    List<TestSmtp.Received> received = TestSmtp.awaitSubjects(subjects, TIMEOUT);
    Map<String, Long> copies =
        received.stream()
            .map(TestSmtp.Received::subject)
            .filter(subjects::contains)
            .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    assertEquals(subjects, copies.keySet(), "subjects received");
    long twice = copies.values().stream().filter(n -> n > 1).count();
    assertTrue(twice <= IN_FLIGHT, "sent again only what was in flight: " + copies);
    System.out.printf("DatabaseGoesAwayIT: %d messages received twice%n", twice);
  }

  /** The application's retry: the same message again, 100 ms later, until it commits (bounded). */
  private void submitUntilCommitted(String subject, List<Exception> refused) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (true) {
      try {
        sender.submit(SENDER, subject, "SMTP", RECIPIENT);
        return;
      } catch (RuntimeException e) {
        refused.add(e);
        if (System.nanoTime() > deadline) {
          throw new AssertionError("'" + subject + "' not committed within " + TIMEOUT, e);
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
      }
    }
  }

  /**
   * What an administrator does: every other backend of the database ends, the spooler's, its
   * listening connection and those the pool holds. The application's role may end its own backends.
   */
  private int terminateOtherBackends() throws SQLException {
    return count(
        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
            + " WHERE datname = current_database() AND pid <> pg_backend_pid()");
  }

  private int queueRows() {
    try {
      return count("SELECT count(*) FROM msgstore.outgoing_queue");
    } catch (SQLException e) {
      return -1; // asked again
    }
  }

  private int count(String sql) throws SQLException {
    try (Connection c = appDataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static String mapiCode(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof MapiException m) {
        return m.error().name();
      }
    }
    return null;
  }
}
