package org.msgstore.ra;

import jakarta.resource.spi.ConnectionManager;
import java.lang.reflect.Method;

/**
 * The JNDI name a server's connection manager serves, when it says it, so log lines can name a
 * connection definition as the administrator configured it. Not part of the Connectors API: the
 * connection managers of Payara and of WildFly (IronJacamar) have a public {@code getJndiName()},
 * read here by name. Payara sets it before it asks the definition for a connection factory, WildFly
 * only after (it binds the factory it got), so there it is still unknown at that moment.
 */
final class ServerJndiName {
  private ServerJndiName() {}

  /** The name, or null when the connection manager has none (yet) or no such method. */
  static String of(ConnectionManager cm) {
    if (cm == null) {
      return null;
    }
    try {
      Method getter = cm.getClass().getMethod("getJndiName");
      if (getter.getReturnType() != String.class) {
        return null;
      }
      String name = (String) getter.invoke(cm);
      return name == null || name.isBlank() ? null : name;
    } catch (ReflectiveOperationException | RuntimeException e) {
      // Unknown: the definition is then named by its settings alone.
      return null;
    }
  }
}
