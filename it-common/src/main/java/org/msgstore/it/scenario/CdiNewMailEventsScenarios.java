package org.msgstore.it.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ejb.EJB;
import java.time.Duration;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.msgstore.FolderKind;
import org.msgstore.it.app.Await;
import org.msgstore.it.app.MailboxProbe;
import org.msgstore.it.app.NewMailObservers;
import org.msgstore.it.app.NewMailRecorder;
import org.msgstore.it.app.SpoolerEjb;

/**
 * New mail as CDI events: an application with the msgstore-cdi jars and {@code @Observes} /
 * {@code @ObservesAsync @Mailbox(...) NewMailEvent} methods, and no MDB of its own, receives the
 * local deliveries and NDRs of the mailboxes it observes, each observer only its mailbox's; the
 * bridge's endpoint is activated on deploy and deactivated on undeploy without errors or leaked
 * handles.
 *
 * <p>A server module subclasses this with {@code @Deployment(name = APP, managed = false)} holding
 * {@link #beans()}, both msgstore-cdi jars and what its server needs to bind the bridge MDB to the
 * adapter, and a spooling adapter setup.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class CdiNewMailEventsScenarios {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  protected static final String APP = "cdi-events";
  protected static final String WAR = "cdi-events-it";

  protected static Class<?>[] beans() {
    return new Class<?>[] {
      SpoolerEjb.class,
      MailboxProbe.class,
      Await.class,
      NewMailRecorder.class,
      NewMailObservers.class
    };
  }

  protected abstract ServerUnderTest server();

  @ArquillianResource private Deployer deployer;

  @EJB private SpoolerEjb sender;
  @EJB private MailboxProbe probe;
  @EJB private NewMailRecorder recorder;

  private static int logLinesBeforeDeploy;

  @Test
  @Order(1)
  @RunAsClient
  void deploying_the_application_activates_the_bridge_for_every_mailbox() {
    logLinesBeforeDeploy = server().serverLog().size();
    deployer.deploy(APP);
    List<String> activated = linesSince(logLinesBeforeDeploy, "MSGS1033");
    assertTrue(
        activated.stream().anyMatch(l -> l.contains("'*'")),
        "MSGS1033 (endpoint activated) lines: " + activated);
  }

  @Test
  @Order(2)
  @OperateOnDeployment(APP)
  void a_local_delivery_reaches_the_sync_and_async_observers_of_the_recipients_mailbox()
      throws InterruptedException {
    var inbox = probe.ensureMailbox(NewMailObservers.RECIPIENT);
    sender.submit(
        NewMailObservers.SENDER, "CdiEvents local", "MSGSTORE", NewMailObservers.RECIPIENT);
    List<MailboxProbe.Found> delivered = List.of();
    for (String observer :
        List.of("sync:" + NewMailObservers.RECIPIENT, "async:" + NewMailObservers.RECIPIENT)) {
      NewMailRecorder.Received r =
          recorder.await(x -> x.listener().equals(observer), TIMEOUT, "new mail for " + observer);
      assertEquals(NewMailObservers.RECIPIENT, r.event().mailbox(), r.toString());
      assertEquals(inbox, r.event().parentId(), "parent folder (the Inbox) of " + r);
      assertEquals("IPM.Note", r.event().messageClass(), r.toString());
      delivered = probe.find(NewMailObservers.RECIPIENT, FolderKind.INBOX, "CdiEvents local");
      assertEquals(1, delivered.size(), delivered.toString());
      assertEquals(delivered.get(0).entryId(), r.event().entryId());
    }
  }

  @Test
  @Order(3)
  @OperateOnDeployment(APP)
  void the_ndr_of_a_message_to_nobody_reaches_the_observer_of_the_senders_mailbox_only()
      throws InterruptedException {
    var inbox = probe.ensureMailbox(NewMailObservers.SENDER);
    sender.submit(NewMailObservers.SENDER, "CdiEvents to nobody", "MSGSTORE", "nobody");
    NewMailRecorder.Received r =
        recorder.await(
            x ->
                x.listener().equals("sync:" + NewMailObservers.SENDER)
                    && "Report.IPM.Note.NDR".equals(x.event().messageClass()),
            TIMEOUT,
            "an NDR for " + NewMailObservers.SENDER);
    assertEquals(inbox, r.event().parentId(), "parent folder (the Inbox) of " + r);
    List<MailboxProbe.Found> reports =
        probe.find(NewMailObservers.SENDER, FolderKind.INBOX, "CdiEvents to nobody");
    assertEquals(1, reports.size(), reports.toString());
    assertEquals(reports.get(0).entryId(), r.event().entryId());
    // Each observer got only its own mailbox's events, each event once.
    List<NewMailRecorder.Received> all = recorder.all();
    all.forEach(
        x -> assertEquals(x.listener().replaceFirst("^a?sync:", ""), x.event().mailbox(), "" + x));
    assertEquals(all.size(), all.stream().distinct().count(), "duplicates in " + all);
  }

  @Test
  @Order(4)
  @RunAsClient
  void undeploying_the_application_deactivates_the_bridge_without_errors() {
    int before = server().serverLog().size();
    deployer.undeploy(APP);
    List<String> deactivated = linesSince(before, "MSGS1034");
    assertTrue(
        deactivated.stream().anyMatch(l -> l.contains("'*'")),
        "MSGS1034 (endpoint deactivated) lines: " + deactivated);
    List<String> since = server().serverLogSince(logLinesBeforeDeploy);
    assertEquals(
        List.of(),
        since.stream().filter(l -> server().isProblem(l) || l.contains("MSGS1035")).toList(),
        "server log problems while the observing application was deployed or undeployed");
    server().assertNoLeakedHandles();
  }

  @Test
  @Order(5)
  @RunAsClient
  void the_application_deploys_and_undeploys_again_cleanly() {
    int before = server().serverLog().size();
    deployer.deploy(APP);
    deployer.undeploy(APP);
    List<String> since = server().serverLogSince(before);
    assertTrue(
        since.stream().anyMatch(l -> l.contains("MSGS1033") && l.contains("'*'"))
            && since.stream().anyMatch(l -> l.contains("MSGS1034") && l.contains("'*'")),
        "MSGS1033/MSGS1034 lines: " + since.stream().filter(l -> l.contains("MSGS103")).toList());
    assertEquals(
        List.of(),
        since.stream().filter(l -> server().isProblem(l) || l.contains("MSGS1035")).toList(),
        "server log problems on the second deploy and undeploy");
    server().assertNoLeakedHandles();
  }

  private List<String> linesSince(int from, String code) {
    return server().serverLogSince(from).stream().filter(l -> l.contains(code)).toList();
  }
}
