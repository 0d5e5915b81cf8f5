package org.msgstore.it.payara;

import java.io.IOException;
import java.util.Map;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * The domain's JMX connector as an operator's client reaches it: the admin service's {@code system}
 * jmx-connector, RMI on portbase + 86 (14886), logged in as the domain's admin user (no password:
 * the domain is created with {@code --nopassword}). Client side only.
 */
final class PayaraJmx {
  private PayaraJmx() {}

  static int port() {
    return Asadmin.portbase() + 86;
  }

  static JMXServiceURL url() throws IOException {
    return new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + port() + "/jmxrmi");
  }

  static JMXConnector connect() throws IOException {
    return JMXConnectorFactory.connect(
        url(), Map.of(JMXConnector.CREDENTIALS, new String[] {"admin", ""}));
  }
}
