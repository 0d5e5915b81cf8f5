package org.msgstore.bench;

import java.util.Optional;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

/**
 * The application's non-XA JTA datasource {@code java:jboss/datasources/AppDS} on the business
 * rows' PostgreSQL (run.sh defines it when APPDB=postgres). Looked up by name rather than injected:
 * with APPDB=h2 it does not exist, and only the paths that need it (the outbox, MsgStore with
 * STORE=appds) may fail for it.
 */
final class AppDataSource {
  static final String JNDI_NAME = "java:jboss/datasources/AppDS";

  /** STORE=appds (-Dbench.store): MsgStore's business rows go through this datasource too. */
  static final boolean MSGSTORE_USES_IT = "appds".equals(System.getProperty("bench.store"));

  /** A JNDI lookup per business row would be harness cost on the commit path. */
  private static volatile DataSource found;

  private AppDataSource() {}

  static Optional<DataSource> find() {
    DataSource ds = found;
    if (ds == null) {
      try {
        found = ds = InitialContext.doLookup(JNDI_NAME);
      } catch (NamingException e) {
        return Optional.empty();
      }
    }
    return Optional.of(ds);
  }

  static DataSource get() {
    return find()
        .orElseThrow(
            () ->
                new IllegalStateException(JNDI_NAME + " is not defined: run with APPDB=postgres"));
  }
}
