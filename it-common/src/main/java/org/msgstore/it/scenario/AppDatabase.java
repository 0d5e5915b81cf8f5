package org.msgstore.it.scenario;

import java.io.IOException;
import org.msgstore.testdb.PostgresServer;

/**
 * The application's PostgreSQL of the shared-datasource ITs: a fresh database per test class in the
 * JVM's private cluster ({@link ItPostgres}), owned by the application's own role {@value #USER}.
 * The server's datasource logs in as that role, so the store (schema {@code msgstore}) and the
 * application (tables in {@code public}, found through the default {@code search_path}) share one
 * database and one login, as in production, and no leftover of one class reaches the next.
 *
 * <p>Client side only, like {@link TestSmtp}: never in a test war.
 */
public final class AppDatabase {
  /** The application's login role. */
  public static final String USER = "app";

  /**
   * Its password: the cluster trusts loopback logins and does not check it, but Payara's pool
   * refuses to connect without one, and an administrator always gives one.
   */
  public static final String PASSWORD = "app";

  private static boolean roleCreated;
  private static int created;
  private static String database;

  private AppDatabase() {}

  /**
   * Starts the cluster (first call only) and creates a new, empty database owned by {@value #USER},
   * which {@link #jdbcUrl()}, {@link #port()} and {@link #query} then refer to.
   */
  public static synchronized void createDatabase() throws IOException, InterruptedException {
    PostgresServer server = ItPostgres.server();
    if (!roleCreated) {
      server.psql("postgres", "CREATE ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD + "'");
      roleCreated = true;
    }
    String name = "appds" + ++created;
    server.psql("postgres", "CREATE DATABASE " + name + " OWNER " + USER);
    database = name;
  }

  /** The current database's name. */
  public static synchronized String name() {
    running();
    return database;
  }

  public static synchronized int port() {
    return running().port();
  }

  /** The JDBC URL of the current database. */
  public static synchronized String jdbcUrl() {
    return running().jdbcUrl(database);
  }

  /** Runs one SQL query with psql (as the cluster's superuser) on the current database. */
  public static synchronized String query(String sql) throws IOException, InterruptedException {
    return running().psql(database, sql);
  }

  private static PostgresServer running() {
    if (database == null) {
      throw new IllegalStateException("no application database: call createDatabase() first");
    }
    return ItPostgres.running();
  }
}
