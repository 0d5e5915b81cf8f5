package org.msgstore.it.payara;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import javax.management.remote.JMXConnector;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.msgstore.it.scenario.QueueOperationsScenarios;

/**
 * {@link QueueOperationsScenarios} on Payara, through the domain's own JMX connector (the {@code
 * system} jmx-connector of the admin service, RMI on portbase + 86), the way the README tells an
 * operator to reach the MBean with JConsole or a script: what is tested is what they will use, and
 * the test JVM needs nothing but the JDK for it. Unlike WildFly's remoting connector, Payara's logs
 * the client in as a {@code Subject}: each action's log line names the administrator.
 */
@ExtendWith({PayaraDomain.class, QueueOperationsAdapter.class, ArquillianExtension.class})
class QueueOperationsIT extends QueueOperationsScenarios {
  @Deployment(name = APP)
  static WebArchive app() {
    return Deployments.app("queue-operations-it", QueueOperationsIT.class, beans())
        .addClasses(QueueOperationsAdapter.class, PayaraJmx.class);
  }

  @Override
  protected JMXConnector connectJmx() throws IOException {
    return PayaraJmx.connect();
  }

  @Test
  @Order(120)
  @RunAsClient
  void each_action_is_logged_with_its_code_and_the_administrator_who_called_it() {
    List<String> log = Payara.INSTANCE.serverLog();
    for (String line :
        List.of(
            "MSGS3024 hold mailbox by admin: mailbox '" + HELD + "'",
            "MSGS3026 cancel by admin: message '",
            "MSGS3023 release by admin: message '",
            "MSGS3025 release mailbox by admin: mailbox '" + HELD + "'",
            "MSGS3021 retry now by admin: message '")) {
      assertTrue(log.stream().anyMatch(l -> l.contains(line)), "logged: " + line);
    }
  }
}
