package org.msgstore.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.api.ServerSetup;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.as.controller.client.helpers.Operations;
import org.jboss.dmr.ModelNode;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.msgstore.FolderKind;
import org.msgstore.Message;
import org.msgstore.MessageStoreConnection;
import org.msgstore.MessageStoreConnectionFactory;
import org.msgstore.PropTag;
import org.msgstore.RecipientType;
import org.msgstore.it.app.MailboxProbe;
import org.msgstore.it.app.SpoolerEjb;
import org.msgstore.it.scenario.PostgresInstalled;
import org.msgstore.it.scenario.TestSmtp;

/**
 * The short version of reliability/lease-takeback.sh: a node that comes back after its previous
 * incarnation died takes that incarnation's leases back at once, not after {@code spoolerLeaseMs}
 * (one hour here). The managed server cannot be killed under the test, so the death is written into
 * the store as a crash leaves it: a message claimed under the node's name with an hour of lease
 * left, and the name held by an incarnation whose heartbeat stopped a minute ago. The running
 * spooler sees at its next heartbeat that its name is no longer its own and stops without touching
 * the leases (MSGS3009); the server is reloaded, and the new incarnation takes the name, releases
 * the lease (MSGS3008) and sends the message within seconds.
 */
@ExtendWith(PostgresInstalled.class)
@ExtendWith(ArquillianExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ServerSetup(LeaseTakeBackIT.NamedNodeSetup.class)
class LeaseTakeBackIT {
  private static final String NODE = "takeback-it";
  private static final String SENDER = "takeback-sender";
  private static final String SUBJECT = "LeaseTakeBackIT claimed by a killed incarnation";
  private static final Duration TAKE_BACK = Duration.ofSeconds(60);

  /** The spooler on PostgreSQL under a fixed node name, with a lease far longer than the test. */
  public static class NamedNodeSetup extends PostgresSpoolingAdapterSetup {
    @Override
    protected Map<String, String> adapterProperties() {
      Map<String, String> p = super.adapterProperties();
      p.put("nodeName", NODE);
      p.put("spoolerLeaseMs", Long.toString(TimeUnit.HOURS.toMillis(1)));
      return p;
    }
  }

  @Deployment(name = "app")
  static WebArchive app() {
    return Deployments.app(
        "lease-takeback-it",
        LeaseTakeBackIT.class,
        SpoolerEjb.class,
        MailboxProbe.class,
        PostgresSpoolingAdapterSetup.class,
        PostgresInstalled.class);
  }

  @ArquillianResource private ManagementClient management;

  @EJB private MailboxProbe probe;

  @Resource(lookup = MsgStoreAdapterSetup.JNDI_NAME)
  private MessageStoreConnectionFactory store;

  /** Queued and not due for an hour: it stays in the queue until the test claims it. */
  @Test
  @Order(1)
  @OperateOnDeployment("app")
  void a_message_waits_in_the_queue() {
    probe.ensureMailbox(SENDER);
    try (MessageStoreConnection c = store.getConnection(SENDER);
        Message m = c.openFolder(FolderKind.OUTBOX).createMessage()) {
      m.set(PropTag.PR_SUBJECT, SUBJECT);
      m.set(PropTag.PR_BODY, "Claimed by an incarnation that was then killed.");
      m.set(PropTag.PR_SENDER_EMAIL_ADDRESS, SpoolerEjb.SENDER_ADDRESS);
      m.set(PropTag.PR_DEFERRED_SEND_TIME, Instant.now().plus(Duration.ofHours(1)));
      m.addRecipient(RecipientType.TO, "erin@example.net", "SMTP", "erin@example.net");
      m.submit();
    }
  }

  @Test
  @Order(2)
  @RunAsClient
  void the_restarted_node_takes_back_the_lease_of_its_killed_incarnation_at_once()
      throws Exception {
    // What a kill -9 leaves: the message claimed (and due) under the node's name for another hour,
    // and the name's heartbeat stopped.
    assertEquals(
        "1",
        TestPostgres.query(
            "WITH t AS (SELECT (extract(epoch FROM clock_timestamp()) * 1000000)::bigint AS us),"
                + " u AS (UPDATE outgoing_queue SET lock_owner = '"
                + NODE
                + "', lease_until_us = (SELECT us FROM t) + 3600000000, due_us = (SELECT us FROM t)"
                + " RETURNING 1) SELECT count(*) FROM u"),
        "queued messages claimed");
    assertEquals(
        "1",
        TestPostgres.query(
            "WITH u AS (UPDATE spooler_node SET incarnation = 'killed-incarnation', heartbeat_us ="
                + " (extract(epoch FROM clock_timestamp()) * 1000000)::bigint - 60000000"
                + " WHERE node_name = '"
                + NODE
                + "' RETURNING 1) SELECT count(*) FROM u"),
        "node rows changed");
    awaitLog("MSGS3009", Duration.ofSeconds(30)); // the running spooler stopped, leases untouched
    int linesBefore = Management.serverLog(management).size();

    long reloaded = System.nanoTime();
    Management.execute(
        management, Operations.createOperation("reload", new ModelNode().setEmptyList()));
    awaitRunning();
    TestSmtp.awaitSubjects(Set.of(SUBJECT), TAKE_BACK);
    Duration took = Duration.ofNanos(System.nanoTime() - reloaded);

    List<String> log = Management.serverLog(management);
    List<String> taken =
        log.subList(Math.min(linesBefore, log.size()), log.size()).stream()
            .filter(line -> line.contains("MSGS3008"))
            .toList();
    assertEquals(1, taken.size(), "MSGS3008 after the reload: " + taken);
    assertTrue(taken.get(0).contains("released 1 of its leases"), taken.get(0));
    assertEquals("0", TestPostgres.query("SELECT count(*) FROM outgoing_queue"), "queue rows");
    System.out.printf("LeaseTakeBackIT: reload -> delivered in %d ms%n", took.toMillis());
  }

  private void awaitLog(String code, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (Management.serverLog(management).stream().noneMatch(line -> line.contains(code))) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(code + " not logged within " + timeout);
      }
      TimeUnit.MILLISECONDS.sleep(250);
    }
  }

  /** Waits, bounded, until the reloaded server answers as running again with the rar deployed. */
  private void awaitRunning() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      try {
        ModelNode state =
            management
                .getControllerClient()
                .execute(
                    Operations.createReadAttributeOperation(
                        new ModelNode().setEmptyList(), "server-state"));
        if (Operations.isSuccessfulOutcome(state)
            && "running".equals(Operations.readResult(state).asString())) {
          return;
        }
      } catch (IOException | RuntimeException restarting) {
        // The controller is restarting; ask again.
      }
      TimeUnit.MILLISECONDS.sleep(250);
    }
    throw new AssertionError("the server did not come back within 90 s of :reload");
  }
}
