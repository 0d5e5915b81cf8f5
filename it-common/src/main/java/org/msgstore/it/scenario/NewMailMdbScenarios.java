package org.msgstore.it.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ejb.EJB;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
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
import org.msgstore.it.app.NewMailRecorder;
import org.msgstore.it.app.RecipientMailboxWatcher;
import org.msgstore.it.app.SenderMailboxWatcher;
import org.msgstore.it.app.SpoolerEjb;

/**
 * Message inflow: NewMailListener MDBs in an application, each activated on one mailbox, receive
 * the new-mail notifications of that mailbox, from the local transport's delivery and from a
 * non-delivery report (R77, R78); undeploying the application deactivates them cleanly.
 *
 * <p>The war is deployed and undeployed by the tests themselves ({@code managed = false}), so the
 * undeploy can be checked in the server log before the class ends. A server module subclasses this
 * with that {@code @Deployment(name = APP, managed = false)} holding {@link #beans()} and whatever
 * its server needs to bind the MDBs to the adapter, and a spooling adapter setup.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class NewMailMdbScenarios {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  protected static final String APP = "mdb";
  protected static final String WAR = "newmail-mdb-it";

  protected static Class<?>[] beans() {
    return new Class<?>[] {
      SpoolerEjb.class,
      MailboxProbe.class,
      Await.class,
      NewMailRecorder.class,
      RecipientMailboxWatcher.class,
      SenderMailboxWatcher.class
    };
  }

  protected abstract ServerUnderTest server();

  @ArquillianResource private Deployer deployer;

  @EJB private SpoolerEjb sender;
  @EJB private MailboxProbe probe;
  @EJB private NewMailRecorder recorder;

  /** server.log lines before the undeploy; set on the client by the undeploy test. */
  private static int logLinesBeforeDeploy;

  @Test
  @Order(1)
  @RunAsClient
  void deploy_the_application_with_its_mdbs() {
    logLinesBeforeDeploy = server().serverLog().size();
    deployer.deploy(APP);
    List<String> activated = linesSince(logLinesBeforeDeploy, "MSGS1033");
    assertTrue(
        nameBothWatchedMailboxes(activated), "MSGS1033 (endpoint activated) lines: " + activated);
  }

  @Test
  @Order(2)
  @OperateOnDeployment(APP)
  void a_local_delivery_reaches_the_mdb_of_the_recipients_mailbox() throws InterruptedException {
    var inbox = probe.ensureMailbox(RecipientMailboxWatcher.MAILBOX);
    var submitted =
        sender.submit(
            SenderMailboxWatcher.MAILBOX,
            "NewMailMdbIT local",
            "MSGSTORE",
            RecipientMailboxWatcher.MAILBOX);

    NewMailRecorder.Received r =
        recorder.await(
            x -> x.listener().equals(RecipientMailboxWatcher.MAILBOX),
            TIMEOUT,
            "new mail for " + RecipientMailboxWatcher.MAILBOX);
    assertEquals(RecipientMailboxWatcher.MAILBOX, r.event().mailbox(), r.toString());
    assertEquals(inbox, r.event().parentId(), "parent folder (the Inbox) of " + r);
    assertEquals("IPM.Note", r.event().messageClass(), r.toString());
    // The event names the copy in the recipient's Inbox, not the sender's message.
    List<MailboxProbe.Found> delivered =
        probe.find(RecipientMailboxWatcher.MAILBOX, FolderKind.INBOX, "NewMailMdbIT local");
    assertEquals(1, delivered.size(), delivered.toString());
    assertEquals(delivered.get(0).entryId(), r.event().entryId());
    assertTrue(!submitted.equals(r.event().entryId()), r.toString());
  }

  @Test
  @Order(3)
  @OperateOnDeployment(APP)
  void the_ndr_of_a_message_to_nobody_reaches_the_mdb_of_the_senders_mailbox()
      throws InterruptedException {
    var inbox = probe.ensureMailbox(SenderMailboxWatcher.MAILBOX);
    sender.submit(SenderMailboxWatcher.MAILBOX, "NewMailMdbIT to nobody", "MSGSTORE", "nobody");

    NewMailRecorder.Received r =
        recorder.await(
            x ->
                x.listener().equals(SenderMailboxWatcher.MAILBOX)
                    && "Report.IPM.Note.NDR".equals(x.event().messageClass()),
            TIMEOUT,
            "an NDR for " + SenderMailboxWatcher.MAILBOX);
    assertEquals(SenderMailboxWatcher.MAILBOX, r.event().mailbox(), r.toString());
    assertEquals(inbox, r.event().parentId(), "parent folder (the Inbox) of " + r);
    List<MailboxProbe.Found> reports =
        probe.find(SenderMailboxWatcher.MAILBOX, FolderKind.INBOX, "NewMailMdbIT to nobody");
    assertEquals(1, reports.size(), reports.toString());
    assertEquals(reports.get(0).entryId(), r.event().entryId());
    // Each MDB got only its own mailbox's events.
    recorder.all().forEach(x -> assertEquals(x.listener(), x.event().mailbox(), x.toString()));
  }

  @Test
  @Order(4)
  @RunAsClient
  void undeploying_the_application_deactivates_its_endpoints_without_errors()
      throws InterruptedException {
    int before = server().serverLog().size();
    deployer.undeploy(APP);
    List<String> deactivated = linesSince(before, "MSGS1034");
    assertTrue(
        nameBothWatchedMailboxes(deactivated),
        "MSGS1034 (endpoint deactivated) lines: " + deactivated);
    // Nothing went wrong from deploy to undeploy: no error, no failed endpoint, no leaked handle.
    List<String> since = server().serverLogSince(logLinesBeforeDeploy);
    assertEquals(
        List.of(),
        since.stream().filter(l -> server().isProblem(l) || l.contains("MSGS1035")).toList(),
        "server log problems while the MDB application was deployed or undeployed");
    server().assertNoLeakedHandles();
  }

  private List<String> linesSince(int from, String code) {
    return server().serverLogSince(from).stream().filter(l -> l.contains(code)).toList();
  }

  /** Whether {@code lines} name the mailbox of each MDB (one line each, or one for both). */
  private static boolean nameBothWatchedMailboxes(List<String> lines) {
    return Stream.of(RecipientMailboxWatcher.MAILBOX, SenderMailboxWatcher.MAILBOX)
        .allMatch(mailbox -> lines.stream().anyMatch(l -> l.contains("'" + mailbox + "'")));
  }
}
