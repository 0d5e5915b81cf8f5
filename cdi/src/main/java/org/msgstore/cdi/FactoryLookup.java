package org.msgstore.cdi;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import org.msgstore.MapiError;
import org.msgstore.MapiException;
import org.msgstore.MessageStoreConnectionFactory;

/**
 * Looks the connection factory up by JNDI name at each use, so an adapter that was redeployed is
 * found again; which name answered is remembered, so the names that do not exist here are tried
 * once.
 */
@ApplicationScoped
class FactoryLookup {
  /** Looks a JNDI name up; null when nothing is bound there. */
  interface Jndi {
    Object lookup(String name);
  }

  private final Jndi jndi;
  private final Supplier<Optional<String>> configured;
  private volatile String found;

  FactoryLookup() {
    this(FactoryLookup::initialContextLookup, FactoryName::configured);
  }

  FactoryLookup(Jndi jndi, Supplier<Optional<String>> configured) {
    this.jndi = jndi;
    this.configured = configured;
  }

  MessageStoreConnectionFactory factory() {
    String known = found;
    if (known != null && jndi.lookup(known) instanceof MessageStoreConnectionFactory f) {
      return f;
    }
    Optional<String> name = configured.get();
    List<String> candidates = name.map(List::of).orElse(FactoryName.DEFAULTS);
    for (String candidate : candidates) {
      Object bound = jndi.lookup(candidate);
      if (bound instanceof MessageStoreConnectionFactory f) {
        found = candidate;
        return f;
      }
      if (bound != null && name.isPresent()) {
        throw new MapiException(
            MapiError.MAPI_E_UNCONFIGURED,
            FactoryName.PROPERTY
                + "="
                + candidate
                + " names a "
                + bound.getClass().getName()
                + ", not a MessageStoreConnectionFactory");
      }
    }
    throw new MapiException(
        MapiError.MAPI_E_UNCONFIGURED,
        "no MessageStoreConnectionFactory is bound at "
            + String.join(" or ", candidates)
            + (name.isPresent()
                ? " (set by " + FactoryName.PROPERTY + ")"
                : "; create the connection definition, or set "
                    + FactoryName.PROPERTY
                    + " to its JNDI name (MicroProfile Config or a JVM property)"));
  }

  private static Object initialContextLookup(String name) {
    try {
      return new InitialContext().lookup(name);
    } catch (NamingException e) {
      return null;
    }
  }
}
