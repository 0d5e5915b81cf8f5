package org.msgstore.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ejb.EJB;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import javax.management.Attribute;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.api.ServerSetup;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.msgstore.FolderKind;
import org.msgstore.it.app.Await;
import org.msgstore.it.app.MailboxProbe;
import org.msgstore.it.app.SpoolerEjb;
import org.msgstore.it.scenario.TestSmtp;

/**
 * Every operation of the {@code org.msgstore:type=Queue} MBean called through WildFly's own JMX
 * connector (remote+http on the management port, as JConsole reaches it), with real delivery to the
 * test SMTP server: a held mailbox's messages are not sent while another mailbox's are, release
 * sends them, cancel writes the NDR, and retry now sends a message deferred for ten minutes at
 * once. The in-server steps submit and look into mailboxes; the JMX steps run on the client.
 */
@ExtendWith(ArquillianExtension.class)
@ServerSetup(QueueOperationsAdapterSetup.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class QueueOperationsIT {
  private static final String APP = "app";
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final String HELD = "ops-held";
  private static final String FREE = "ops-free";
  private static final String HELD_1 = "QueueOperationsIT held 1";
  private static final String HELD_2 = "QueueOperationsIT held 2";
  private static final String CANCELLED = "QueueOperationsIT cancelled";
  private static final String NOT_HELD = "QueueOperationsIT not held";
  private static final String RETRIED = "QueueOperationsIT retried";

  @Deployment(name = APP)
  static WebArchive app() {
    return Deployments.app(
            "queue-operations-it",
            QueueOperationsIT.class,
            SpoolerEjb.class,
            MailboxProbe.class,
            Await.class)
        .addClass(QueueOperationsAdapterSetup.class);
  }

  @ArquillianResource private ManagementClient management;
  @EJB private SpoolerEjb sender;
  @EJB private MailboxProbe probe;

  @Test
  @Order(1)
  @OperateOnDeployment(APP)
  void the_mailboxes_exist() {
    probe.ensureMailbox(HELD);
    probe.ensureMailbox(FREE);
  }

  @Test
  @Order(2)
  @RunAsClient
  void hold_mailbox_holds_it_before_it_submits() throws Exception {
    String result = call("holdMailbox", HELD);
    assertTrue(result.contains("0 queued messages held"), result);
    assertEquals(List.of(HELD), Arrays.asList((String[]) attribute("HeldMailboxes")));
  }

  @Test
  @Order(3)
  @OperateOnDeployment(APP)
  void the_held_mailbox_and_the_free_one_submit() {
    sender.submit(HELD, HELD_1, "SMTP", "held1@example.net");
    sender.submit(HELD, HELD_2, "SMTP", "held2@example.net");
    sender.submit(HELD, CANCELLED, "SMTP", "cancelled@example.net");
    sender.submit(FREE, NOT_HELD, "SMTP", "free@example.net");
  }

  @Test
  @Order(4)
  @RunAsClient
  void the_free_mailbox_is_delivered_and_the_held_one_is_listed_held_and_not_sent()
      throws Exception {
    TestSmtp.awaitSubjects(Set.of(NOT_HELD), TIMEOUT);
    assertEquals(
        List.of(),
        TestSmtp.received().stream().filter(r -> r.subject().contains("held ")).toList(),
        "nothing of the held mailbox was sent");

    List<CompositeData> held = list(HELD, "HELD");
    assertEquals(
        List.of(HELD_1, HELD_2, CANCELLED), held.stream().map(r -> r.get("subject")).toList());
    assertEquals(HELD, held.get(0).get("mailbox"));
    assertEquals("NORMAL", held.get(0).get("lane"));
    assertEquals(3L, attribute("Held"));
    assertEquals(3L, attribute("Depth"));
    assertEquals(3L, attribute("NormalDepth"));
    assertEquals(0L, attribute("UrgentDepth"));
    assertEquals(0L, attribute("NonUrgentDepth"));
    assertEquals(0L, attribute("OldestDueAgeSeconds"), "nothing claimable waits");
    assertEquals(2, list(HELD, "HELD", 1, 2).size(), "a page of two from the second");
  }

  @Test
  @Order(5)
  @RunAsClient
  void cancel_release_and_release_mailbox_act_on_the_held_messages() throws Exception {
    String cancelled = call("cancel", entryId(HELD, CANCELLED));
    assertTrue(cancelled.contains("1 cancelled"), cancelled);

    String released = call("release", entryId(HELD, HELD_1));
    assertTrue(released.contains("1 released"), released);
    TestSmtp.awaitSubjects(Set.of(HELD_1), TIMEOUT);
    assertEquals(
        List.of(),
        TestSmtp.received().stream().filter(r -> r.subject().equals(HELD_2)).toList(),
        "the other message is still held");

    String mailbox = call("releaseMailbox", HELD);
    assertTrue(mailbox.contains("1 released"), mailbox);
    TestSmtp.awaitSubjects(Set.of(HELD_2), TIMEOUT);
    assertEquals(0, ((String[]) attribute("HeldMailboxes")).length);
    assertEquals(
        List.of(),
        TestSmtp.received().stream().filter(r -> r.subject().equals(CANCELLED)).toList(),
        "the cancelled message was not sent");
  }

  @Test
  @Order(6)
  @OperateOnDeployment(APP)
  void the_cancelled_message_came_back_as_an_ndr_in_the_senders_inbox()
      throws InterruptedException {
    List<MailboxProbe.Found> reports =
        Await.found(
            () -> probe.find(HELD, FolderKind.INBOX, CANCELLED), TIMEOUT, "the NDR of the cancel");
    assertEquals(1, reports.size(), reports.toString());
    assertEquals("Report.IPM.Note.NDR", reports.get(0).messageClass());
  }

  @Test
  @Order(7)
  @RunAsClient
  void the_smtp_server_turns_the_next_message_away() throws Exception {
    TestSmtp.stop();
    TestSmtp.startRefusing();
  }

  @Test
  @Order(8)
  @OperateOnDeployment(APP)
  void a_message_is_submitted_while_the_relay_refuses() {
    sender.submit(FREE, RETRIED, "SMTP", "retried@example.org");
  }

  @Test
  @Order(9)
  @RunAsClient
  void retry_now_sends_a_deferred_message_ten_minutes_before_its_back_off_ends() throws Exception {
    TestSmtp.awaitRefusedConnections(1, TIMEOUT);
    Await.until(
        () -> list(FREE, "DEFERRED"),
        rows -> rows.size() == 1,
        TIMEOUT,
        "the message deferred after the 450");
    CompositeData deferred = list(FREE, "DEFERRED").get(0);
    assertTrue(((String) deferred.get("lastError")).contains("450"), deferred.toString());
    TestSmtp.stopRefusing();
    TestSmtp.start();

    String id = (String) deferred.get("entryId");
    assertTrue(call("hold", id).contains("1 held"));
    String refused = call("retryNow", id);
    assertTrue(refused.contains("release it first"), refused);
    assertTrue(call("release", id).contains("1 released"));
    assertTrue(call("retryMailbox", "nobody-here").contains("0 made due now"));
    assertTrue(call("retryDomain", "example.com").contains("0 made due now"));
    String retried = call("retryNow", id);
    assertTrue(retried.contains("1 made due now"), retried);
    TestSmtp.awaitSubjects(Set.of(RETRIED), TIMEOUT);
    assertTrue(call("retryAllDeferred").contains("0 made due now"));
  }

  @Test
  @Order(10)
  @RunAsClient
  void cancel_of_a_selection_and_of_an_unknown_message_say_what_they_did() throws Exception {
    String mailbox = call("cancelMailbox", FREE);
    assertTrue(mailbox.contains("0 cancelled"), mailbox);
    String selection =
        (String)
            invoke(
                "cancelSelection",
                new Object[] {HELD, "DEFERRED", 60L, "450"},
                new String[] {"java.lang.String", "java.lang.String", "long", "java.lang.String"});
    assertTrue(selection.contains("0 cancelled"), selection);

    Exception unknown =
        assertThrows(Exception.class, () -> call("cancel", "014D000000000000000000000000000000FF"));
    assertTrue(unknownCause(unknown).contains("MAPI_E_NOT_FOUND"), unknownCause(unknown));
    Exception notAnId = assertThrows(Exception.class, () -> call("hold", "not-an-id"));
    assertTrue(unknownCause(notAnId).contains("not an entry id"), unknownCause(notAnId));
    Exception everything =
        assertThrows(
            Exception.class,
            () ->
                invoke(
                    "cancelSelection",
                    new Object[] {"", "", 0L, ""},
                    new String[] {
                      "java.lang.String", "java.lang.String", "long", "java.lang.String"
                    }));
    assertTrue(unknownCause(everything).contains("needs a selection"), unknownCause(everything));
  }

  private static String unknownCause(Exception e) {
    Throwable t = e;
    StringBuilder text = new StringBuilder();
    while (t != null) {
      text.append(t).append(" / ");
      t = t.getCause();
    }
    return text.toString();
  }

  private String entryId(String mailbox, String subject) throws Exception {
    return list(mailbox, "").stream()
        .filter(r -> subject.equals(r.get("subject")))
        .map(r -> (String) r.get("entryId"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("'" + subject + "' is not queued"));
  }

  private List<CompositeData> list(String mailbox, String state) {
    return list(mailbox, state, 0, 100);
  }

  private List<CompositeData> list(String mailbox, String state, int offset, int limit) {
    try {
      CompositeData[] rows =
          (CompositeData[])
              invoke(
                  "list",
                  new Object[] {mailbox, state, 0L, "", offset, limit},
                  new String[] {
                    "java.lang.String", "java.lang.String", "long", "java.lang.String", "int", "int"
                  });
      return List.of(rows);
    } catch (Exception e) {
      throw new AssertionError("list over JMX failed", e);
    }
  }

  private String call(String operation, String... arguments) throws Exception {
    String[] signature = new String[arguments.length];
    Arrays.fill(signature, "java.lang.String");
    return (String) invoke(operation, arguments, signature);
  }

  /** One operation over a JMX connection to the server's remoting connector. */
  private Object invoke(String operation, Object[] arguments, String[] signature) throws Exception {
    try (JMXConnector jmx = JMXConnectorFactory.connect(management.getRemoteJMXURL())) {
      MBeanServerConnection server = jmx.getMBeanServerConnection();
      return server.invoke(
          new ObjectName("org.msgstore:type=Queue"), operation, arguments, signature);
    }
  }

  private Object attribute(String name) throws Exception {
    try (JMXConnector jmx = JMXConnectorFactory.connect(management.getRemoteJMXURL())) {
      MBeanServerConnection server = jmx.getMBeanServerConnection();
      Object value = server.getAttribute(new ObjectName("org.msgstore:type=Queue"), name);
      return value instanceof Attribute a ? a.getValue() : value;
    }
  }
}
