package org.msgstore.it;

import java.io.IOException;
import org.msgstore.it.scenario.ItPostgres;
import org.msgstore.testdb.PostgresServer;

/**
 * The store database {@value #DATABASE} of the ITs that run the adapter on a PostgreSQL store by
 * its URL, in the JVM's private cluster ({@link ItPostgres}). Created by a setup task before the
 * adapter is configured, dropped after it is removed.
 *
 * <p>Client side only, like {@link TestSmtp}: never in a test war.
 */
public final class TestPostgres {
  public static final String USER = PostgresServer.ADMIN;
  public static final String DATABASE = "msgstore_it";

  private static boolean created;

  private TestPostgres() {}

  /** Starts the cluster if needed and creates the store database (no-op when it exists). */
  public static synchronized void start() throws IOException, InterruptedException {
    if (!created) {
      ItPostgres.server().createDatabase(DATABASE);
      created = true;
    }
  }

  /** The JDBC URL of the store database. */
  public static synchronized String jdbcUrl() {
    return ItPostgres.running().jdbcUrl(DATABASE);
  }

  /** Runs one SQL query with psql on the store database and returns its single value. */
  public static synchronized String query(String sql) throws IOException, InterruptedException {
    return ItPostgres.running().psql(DATABASE, sql);
  }

  /** Drops the store database, closing what still uses it; the cluster stays for other ITs. */
  public static synchronized void stop() {
    if (!created) {
      return;
    }
    try {
      ItPostgres.running().psql("postgres", "DROP DATABASE " + DATABASE + " WITH (FORCE)");
    } catch (IOException | InterruptedException e) {
      System.err.println(
          "the IT store database " + DATABASE + " was not dropped: " + e.getMessage());
    } finally {
      created = false;
    }
  }
}
