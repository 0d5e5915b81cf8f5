package org.msgstore.it.app;

/**
 * The resource references the test beans inject, the portable lookup of the README ("Looking the
 * factory up on WildFly and Payara"): names in {@code java:comp/env} that each server maps to its
 * own resource name in its deployment descriptor ({@code jboss-web.xml} on WildFly, {@code
 * glassfish-web.xml} on Payara). The same classes thus run unchanged on both servers.
 */
public final class ResourceRefs {
  /**
   * The MsgStore connection factory: {@code java:/eis/MsgStore} on WildFly, {@code eis/MsgStore} on
   * Payara.
   */
  public static final String MSGSTORE = "eis/MsgStore";

  /** The application's own XA datasource of the two-phase-commit tests. */
  public static final String APP_XA = "jdbc/AppXA";

  /**
   * The application's non-XA JTA datasource on PostgreSQL that the adapter's store runs on too
   * (dataSource mode): {@code java:jboss/datasources/AppDS} on WildFly, {@code jdbc/AppDS} on
   * Payara.
   */
  public static final String APP_DS = "jdbc/AppDS";

  private ResourceRefs() {}
}
