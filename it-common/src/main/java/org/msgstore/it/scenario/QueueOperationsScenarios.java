package org.msgstore.it.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ejb.EJB;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.management.Attribute;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.remote.JMXConnector;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.msgstore.FolderKind;
import org.msgstore.it.app.Await;
import org.msgstore.it.app.MailboxProbe;
import org.msgstore.it.app.SpoolerEjb;

/**
 * The operations of the {@code org.msgstore:type=Queue} MBean whose effect depends on the server
 * running the adapter, called from the test JVM through the server's own JMX connector as an
 * operator's client calls them, with real delivery to the test SMTP server ({@link TestSmtp}): a
 * held mailbox's messages are not claimed while another mailbox's are delivered, and a list
 * filtered by mailbox and state shows them held; release sends them, cancel writes the NDR; a
 * message deferred for ten minutes is listed with its error and sent at once by retry now. The
 * in-server steps submit and look into mailboxes; the JMX steps run on the client.
 *
 * <p>A server module subclasses this with its {@code @Deployment} named {@value #APP} holding
 * {@link #beans()}, an adapter with the spooler on ({@link SpoolingAdapterProperties}) plus {@link
 * #adapterProperties}, on a store of its own, and {@link #connectJmx}. Orders are tens apart, so a
 * module can put its own steps between them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class QueueOperationsScenarios {
  protected static final String APP = "app";
  protected static final Duration TIMEOUT = Duration.ofSeconds(30);
  protected static final String HELD = "ops-held";
  protected static final String FREE = "ops-free";
  protected static final String HELD_1 = "QueueOperationsIT held 1";
  protected static final String HELD_2 = "QueueOperationsIT held 2";
  protected static final String CANCELLED = "QueueOperationsIT cancelled";
  protected static final String NOT_HELD = "QueueOperationsIT not held";
  protected static final String RETRIED = "QueueOperationsIT retried";

  /** The back-off after a deferral: a message delivered within the test was brought forward. */
  private static final Duration BACK_OFF = Duration.ofMinutes(10);

  private static final ObjectName QUEUE = queueName();

  @EJB private SpoolerEjb sender;
  @EJB private MailboxProbe probe;

  protected static Class<?>[] beans() {
    return new Class<?>[] {SpoolerEjb.class, MailboxProbe.class, Await.class};
  }

  /** {@code spooling} with a back-off of ten minutes after each deferral. Client side only. */
  public static Map<String, String> adapterProperties(Map<String, String> spooling) {
    Map<String, String> p = new LinkedHashMap<>(spooling);
    p.put("retryMinMs", Long.toString(BACK_OFF.toMillis()));
    p.put("retryMaxMs", Long.toString(BACK_OFF.toMillis()));
    return p;
  }

  /**
   * A new connection to the server's MBean server through the connector an operator's JMX client
   * (JConsole) uses. Client side; the caller closes it.
   */
  protected abstract JMXConnector connectJmx() throws IOException;

  @Test
  @Order(10)
  @OperateOnDeployment(APP)
  void the_mailboxes_exist() {
    probe.ensureMailbox(HELD);
    probe.ensureMailbox(FREE);
  }

  @Test
  @Order(20)
  @RunAsClient
  void hold_mailbox_holds_it_before_it_submits() throws Exception {
    String result = call("holdMailbox", HELD);
    assertTrue(result.contains("0 queued messages held"), result);
    assertEquals(List.of(HELD), Arrays.asList((String[]) attribute("HeldMailboxes")));
  }

  @Test
  @Order(30)
  @OperateOnDeployment(APP)
  void the_held_mailbox_and_the_free_one_submit() {
    sender.submit(HELD, HELD_1, "SMTP", "held1@example.net");
    sender.submit(HELD, HELD_2, "SMTP", "held2@example.net");
    sender.submit(HELD, CANCELLED, "SMTP", "cancelled@example.net");
    sender.submit(FREE, NOT_HELD, "SMTP", "free@example.net");
  }

  @Test
  @Order(40)
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
    for (CompositeData row : held) {
      assertEquals(HELD, row.get("mailbox"), row.toString());
      assertEquals("HELD", row.get("state"), row.toString());
      assertEquals(0, row.get("attempts"), "never claimed: " + row);
    }
    assertEquals(List.of(), list(FREE, "HELD"), "the filter: no held message of " + FREE);
    assertEquals(List.of(), list(HELD, "QUEUED"), "the filter: none of " + HELD + " claimable");
  }

  @Test
  @Order(50)
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
  @Order(60)
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
  @Order(70)
  @RunAsClient
  void the_smtp_server_turns_the_next_message_away() throws Exception {
    TestSmtp.stop();
    TestSmtp.startRefusing();
  }

  @Test
  @Order(80)
  @OperateOnDeployment(APP)
  void a_message_is_submitted_while_the_relay_refuses() {
    sender.submit(FREE, RETRIED, "SMTP", "retried@example.org");
  }

  @Test
  @Order(90)
  @RunAsClient
  void the_refused_message_is_listed_deferred_with_its_error_for_ten_minutes() throws Exception {
    TestSmtp.awaitRefusedConnections(1, TIMEOUT);
    Await.until(
        () -> list(FREE, "DEFERRED"),
        rows -> rows.size() == 1,
        TIMEOUT,
        "the message deferred after the 450");
    List<CompositeData> byError = list("", "DEFERRED", "450");
    assertEquals(1, byError.size(), "filtered by the last error: " + byError);
    CompositeData deferred = byError.get(0);
    assertEquals(RETRIED, deferred.get("subject"));
    assertTrue(((String) deferred.get("lastError")).contains("450"), deferred.toString());
    Instant next = Instant.parse((String) deferred.get("nextAttempt"));
    assertTrue(
        next.isAfter(Instant.now().plus(BACK_OFF).minusSeconds(60)),
        "next attempt in about ten minutes: " + deferred);
    assertEquals(List.of(), list("", "DEFERRED", "no such error"), "a filter nothing matches");
    TestSmtp.stopRefusing();
    TestSmtp.start();
  }

  @Test
  @Order(110)
  @RunAsClient
  void retry_now_sends_the_deferred_message_ten_minutes_before_its_back_off_ends()
      throws Exception {
    String retried = call("retryNow", entryId(FREE, RETRIED));
    assertTrue(retried.contains("1 made due now"), retried);
    TestSmtp.awaitSubjects(Set.of(RETRIED), TIMEOUT);
  }

  /** The entry id the list shows for the queued message of {@code mailbox} with {@code subject}. */
  protected String entryId(String mailbox, String subject) {
    return list(mailbox, "").stream()
        .filter(r -> subject.equals(r.get("subject")))
        .map(r -> (String) r.get("entryId"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("'" + subject + "' is not queued"));
  }

  protected List<CompositeData> list(String mailbox, String state) {
    return list(mailbox, state, "", 0, 100);
  }

  private List<CompositeData> list(String mailbox, String state, String lastErrorContains) {
    return list(mailbox, state, lastErrorContains, 0, 100);
  }

  /** {@code list} over JMX (no minimum age). */
  protected List<CompositeData> list(
      String mailbox, String state, String lastErrorContains, int offset, int limit) {
    try {
      CompositeData[] rows =
          (CompositeData[])
              invoke(
                  "list",
                  new Object[] {mailbox, state, 0L, lastErrorContains, offset, limit},
                  new String[] {
                    "java.lang.String", "java.lang.String", "long", "java.lang.String", "int", "int"
                  });
      return List.of(rows);
    } catch (Exception e) {
      throw new AssertionError("list over JMX failed", e);
    }
  }

  /** An operation whose parameters are all text; its answer. */
  protected String call(String operation, String... arguments) throws Exception {
    String[] signature = new String[arguments.length];
    Arrays.fill(signature, "java.lang.String");
    return (String) invoke(operation, arguments, signature);
  }

  /** One operation over a new connection ({@link #connectJmx}), as a JMX client script makes it. */
  protected Object invoke(String operation, Object[] arguments, String[] signature)
      throws Exception {
    try (JMXConnector jmx = connectJmx()) {
      MBeanServerConnection server = jmx.getMBeanServerConnection();
      return server.invoke(QUEUE, operation, arguments, signature);
    }
  }

  protected Object attribute(String name) throws Exception {
    try (JMXConnector jmx = connectJmx()) {
      Object value = jmx.getMBeanServerConnection().getAttribute(QUEUE, name);
      return value instanceof Attribute a ? a.getValue() : value;
    }
  }

  private static ObjectName queueName() {
    try {
      return new ObjectName("org.msgstore:type=Queue");
    } catch (javax.management.MalformedObjectNameException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
