package org.msgstore.cdi;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Optional;

/**
 * Where the application's connection factory is bound: the one name set with {@value #PROPERTY},
 * else the first of {@link #DEFAULTS} that is bound.
 */
final class FactoryName {
  /** The one place to change the factory's JNDI name (MicroProfile Config, else a JVM property). */
  static final String PROPERTY = "msgstore.connection-factory";

  /**
   * The portable resource-ref of the README (mapped by jboss-web.xml / glassfish-web.xml), then the
   * names the README's administrator recipes bind on WildFly and on Payara.
   */
  static final List<String> DEFAULTS =
      List.of("java:comp/env/eis/MsgStore", "java:/eis/MsgStore", "eis/MsgStore");

  private FactoryName() {}

  /** The configured name, if any; blank counts as none. */
  static Optional<String> configured() {
    Optional<String> fromConfig = fromMicroProfileConfig();
    String name = fromConfig.orElseGet(() -> System.getProperty(PROPERTY));
    return Optional.ofNullable(name).map(String::strip).filter(n -> !n.isEmpty());
  }

  /**
   * Read by reflection: MicroProfile Config is on both servers' default profiles but not part of
   * Jakarta EE, and this jar must load where it is absent (then only the JVM property counts).
   */
  @SuppressWarnings("unchecked")
  private static Optional<String> fromMicroProfileConfig() {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    try {
      Class<?> provider =
          Class.forName("org.eclipse.microprofile.config.ConfigProvider", true, loader);
      Class<?> config = Class.forName("org.eclipse.microprofile.config.Config", true, loader);
      Object instance = provider.getMethod("getConfig").invoke(null);
      Method get = config.getMethod("getOptionalValue", String.class, Class.class);
      return (Optional<String>) get.invoke(instance, PROPERTY, String.class);
    } catch (ReflectiveOperationException | LinkageError e) {
      return Optional.empty();
    }
  }
}
