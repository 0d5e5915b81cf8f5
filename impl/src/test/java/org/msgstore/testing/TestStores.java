package org.msgstore.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.msgstore.store.StoreSettings;

/**
 * The H2 file store a test opens in its own temporary folder. One place spells the URL, so a test
 * that reads the database behind the store's back (to damage a row, to count migrations) reaches
 * the same file the store wrote.
 */
public final class TestStores {
  /** The H2 user of a test store; its password is empty. */
  public static final String H2_USER = "sa";

  private TestStores() {}

  /** Settings for the store's H2 database file in {@code dir} (new or left by an earlier open). */
  public static StoreSettings h2(Path dir) {
    return new StoreSettings(h2Url(dir), H2_USER, "", 5000);
  }

  /** The JDBC URL of that file, e.g. for a child JVM that opens the same store. */
  public static String h2Url(Path dir) {
    return "jdbc:h2:file:" + h2File(dir);
  }

  /** The file's path without H2's {@code .mv.db} ending. */
  public static Path h2File(Path dir) {
    return dir.resolve("store").toAbsolutePath();
  }

  /** A plain JDBC connection to that file, past the store. */
  public static Connection openH2(Path dir) throws SQLException {
    return DriverManager.getConnection(h2Url(dir), H2_USER, "");
  }
}
