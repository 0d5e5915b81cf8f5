package org.msgstore.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import javax.management.openmbean.CompositeData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.api.ServerSetup;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.msgstore.it.scenario.QueueOperationsScenarios;

/**
 * {@link QueueOperationsScenarios} on WildFly, through its own JMX connector (remote+http on the
 * management port, as JConsole reaches it); and between its steps every other operation and gauge
 * of the {@code org.msgstore:type=Queue} MBean: the gauges and a page of the list while the mailbox
 * is held, retry now refused for a held message, the retries by mailbox, domain and state, and what
 * cancel of a selection and of an unknown or malformed id answer.
 */
@ExtendWith(ArquillianExtension.class)
@ServerSetup(QueueOperationsAdapterSetup.class)
class QueueOperationsIT extends QueueOperationsScenarios {
  @Deployment(name = APP)
  static WebArchive app() {
    return Deployments.app("queue-operations-it", QueueOperationsIT.class, beans())
        .addClass(QueueOperationsAdapterSetup.class);
  }

  @ArquillianResource private ManagementClient management;

  @Override
  protected JMXConnector connectJmx() throws IOException {
    return JMXConnectorFactory.connect(management.getRemoteJMXURL());
  }

  @Test
  @Order(45)
  @RunAsClient
  void while_the_mailbox_is_held_the_gauges_count_its_messages_and_the_list_pages()
      throws Exception {
    List<CompositeData> held = list(HELD, "HELD");
    assertEquals("NORMAL", held.get(0).get("lane"));
    assertEquals(3L, attribute("Held"));
    assertEquals(3L, attribute("Depth"));
    assertEquals(3L, attribute("NormalDepth"));
    assertEquals(0L, attribute("UrgentDepth"));
    assertEquals(0L, attribute("NonUrgentDepth"));
    assertEquals(0L, attribute("OldestDueAgeSeconds"), "nothing claimable waits");
    assertEquals(2, list(HELD, "HELD", "", 1, 2).size(), "a page of two from the second");
  }

  @Test
  @Order(100)
  @RunAsClient
  void a_held_message_is_not_retried_and_retries_by_mailbox_and_domain_count_what_they_made_due()
      throws Exception {
    String id = entryId(FREE, RETRIED);
    assertTrue(call("hold", id).contains("1 held"));
    String refused = call("retryNow", id);
    assertTrue(refused.contains("release it first"), refused);
    assertTrue(call("release", id).contains("1 released"));
    assertTrue(call("retryMailbox", "nobody-here").contains("0 made due now"));
    assertTrue(call("retryDomain", "example.com").contains("0 made due now"));
  }

  @Test
  @Order(120)
  @RunAsClient
  void retry_all_deferred_finds_nothing_left() throws Exception {
    assertTrue(call("retryAllDeferred").contains("0 made due now"));
  }

  @Test
  @Order(130)
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
}
