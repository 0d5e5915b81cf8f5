package org.msgstore.it.payara;

import java.util.List;
import org.msgstore.it.scenario.AppDatabase;

/**
 * The application's datasource on PostgreSQL as a Payara administrator creates it: a JDBC
 * connection pool of plain (non-XA) {@code PGSimpleDataSource} connections, transactional as pools
 * are by default, on a fresh {@link AppDatabase} database with the application's role, and the JDBC
 * resource {@value #RESOURCE} on it. The driver is in the domain's lib/ ({@link PayaraDomain}).
 * Client side only.
 */
final class SharedDataSource {
  static final String POOL = "AppDSPool";
  static final String RESOURCE = "jdbc/AppDS";

  private SharedDataSource() {}

  /** A fresh database, the pool and the resource, pinged. */
  static void add() throws Exception {
    AppDatabase.createDatabase();
    Asadmin.run(
        "create-jdbc-connection-pool",
        "--datasourceclassname",
        "org.postgresql.ds.PGSimpleDataSource",
        "--restype",
        "javax.sql.DataSource",
        "--steadypoolsize",
        "0",
        "--maxpoolsize",
        "20",
        "--property",
        "user="
            + AppDatabase.USER
            + ":password="
            + AppDatabase.PASSWORD
            + ":serverName=127.0.0.1:portNumber="
            + AppDatabase.port()
            + ":databaseName="
            + AppDatabase.name(),
        POOL);
    Asadmin.run("create-jdbc-resource", "--connectionpoolid", POOL, RESOURCE);
    Asadmin.run("ping-connection-pool", POOL);
  }

  /** Removes the resource and the pool, each if it is there. */
  static void remove() {
    for (List<String> command :
        List.of(
            List.of("delete-jdbc-resource", RESOURCE),
            List.of("delete-jdbc-connection-pool", POOL))) {
      Asadmin.tryRun(command.toArray(String[]::new));
    }
  }
}
