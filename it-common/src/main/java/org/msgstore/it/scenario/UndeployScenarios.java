package org.msgstore.it.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ejb.EJB;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.msgstore.FolderKind;
import org.msgstore.MessageFlags;
import org.msgstore.it.app.Await;
import org.msgstore.it.app.MailboxProbe;
import org.msgstore.it.app.SpoolerEjb;

/**
 * Undeploying the adapter while messages are queued (the SMTP server answers every connection with
 * 450, so they stay deferred): the adapter stops within its bound (MSGS1002, no MSGS1042), no
 * thread runs adapter code afterwards, and once the rar is deployed again with the SMTP server up,
 * the queued messages are delivered (jca-notes §4 rules 17, 18, 20).
 *
 * <p>The application war is deployed and undeployed by the tests ({@code managed = false}): it
 * depends on the rar and has to go before the rar does. A server module subclasses this with that
 * {@code @Deployment(name = APP, managed = false)} holding {@link #beans()} and a spooling adapter
 * setup; how the rar is undeployed and deployed again is its {@link ServerUnderTest}'s.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class UndeployScenarios {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  protected static final String APP = "app";
  protected static final String WAR = "undeploy-it";
  private static final String SENDER = "undeploy-sender";
  private static final Set<String> SUBJECTS = new LinkedHashSet<>();

  /** rule 18's bound; the adapter's own stop timeout is 10 s, the operation may take a bit more. */
  private static final long STOP_BOUND_MS = 15_000;

  static {
    for (int i = 1; i <= 3; i++) {
      SUBJECTS.add("UndeployIT queued " + i);
    }
  }

  protected static Class<?>[] beans() {
    return new Class<?>[] {SpoolerEjb.class, MailboxProbe.class, Await.class};
  }

  protected abstract ServerUnderTest server();

  @ArquillianResource private Deployer deployer;

  @EJB private SpoolerEjb sender;
  @EJB private MailboxProbe probe;

  @Test
  @Order(1)
  @RunAsClient
  void deploy_the_application_then_stop_the_smtp_server() {
    deployer.deploy(APP); // runs the setup: test SMTP server up, adapter deployed and started
    assertFalse(
        server().adapterThreads().isEmpty(),
        "with the spooler running, the thread dump should show adapter code (the check below"
            + " would prove nothing otherwise)");
    TestSmtp.stop();
    TestSmtp.startRefusing();
  }

  @Test
  @Order(2)
  @OperateOnDeployment(APP)
  void messages_submitted_while_the_smtp_server_is_down_stay_queued() throws InterruptedException {
    for (String subject : SUBJECTS) {
      sender.submit(SENDER, subject, "SMTP", "dave@example.net");
    }
    for (String subject : SUBJECTS) {
      List<MailboxProbe.Found> queued = probe.find(SENDER, FolderKind.OUTBOX, subject);
      assertEquals(1, queued.size(), subject + ": " + queued);
      MailboxProbe.Found m = queued.get(0);
      assertTrue(
          m.lockedBySpooler()
              || (m.flags() & MessageFlags.MSGFLAG_SUBMIT) == MessageFlags.MSGFLAG_SUBMIT,
          "neither being sent nor MSGFLAG_SUBMIT: " + m);
    }
  }

  @Test
  @Order(3)
  @RunAsClient
  void undeploying_the_rar_stops_the_adapter_within_the_bound_and_leaves_no_adapter_thread()
      throws InterruptedException {
    // The spooler did try: each queued message at least once, each answered 450 (deferred).
    TestSmtp.awaitRefusedConnections(SUBJECTS.size(), TIMEOUT);
    deployer.undeploy(APP);
    int before = server().serverLog().size();
    long start = System.nanoTime();
    server().undeployAdapter();
    long tookMs = (System.nanoTime() - start) / 1_000_000;
    assertTrue(tookMs < STOP_BOUND_MS, "undeploying the rar took " + tookMs + " ms");

    List<String> since = linesSince(before);
    assertTrue(
        since.stream().anyMatch(l -> l.contains("MSGS1002")),
        "no MSGS1002 (adapter stopped) after the undeploy: " + since);
    assertEquals(
        List.of(),
        since.stream().filter(l -> l.contains("MSGS1042") || server().isProblem(l)).toList(),
        "MSGS1042 (spooler did not stop) or errors during the undeploy");
    assertEquals(
        List.of(), server().adapterThreads(), "threads still running adapter code after undeploy");
  }

  @Test
  @Order(4)
  @RunAsClient
  void deployed_again_with_the_smtp_server_up_the_adapter_delivers_the_queued_messages()
      throws InterruptedException {
    TestSmtp.stopRefusing();
    TestSmtp.start();
    int before = server().serverLog().size();
    server().redeployAdapter();
    assertTrue(
        linesSince(before).stream().anyMatch(l -> l.contains("MSGS1001")),
        "the adapter did not start again: " + linesSince(before));

    List<TestSmtp.Received> received = TestSmtp.awaitSubjects(SUBJECTS, TIMEOUT);
    assertEquals(SUBJECTS.size(), received.size(), "each queued message once: " + received);
    assertEquals(
        List.of(),
        linesSince(before).stream().filter(server()::isProblem).toList(),
        "errors after the redeploy");
  }

  private List<String> linesSince(int from) {
    return server().serverLogSince(from);
  }
}
