package org.msgstore.store.jdbc;

import java.io.InputStream;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import javax.sql.XADataSource;
import org.mariadb.jdbc.MariaDbDataSource;
import org.msgstore.MapiError;
import org.msgstore.MapiException;
import org.msgstore.config.Setting;
import org.msgstore.store.StoreSettings;

/**
 * MariaDB 10.6 or later (InnoDB), for production and for several servers sharing one store: like
 * PostgreSQL, the spoolers of all nodes claim queue rows with {@code FOR UPDATE SKIP LOCKED} (new
 * in MariaDB 10.6) and leases.
 *
 * <p>Each connection runs at READ COMMITTED, the isolation the store is written for (PostgreSQL's
 * and H2's default): every statement sees what was committed before it, and InnoDB takes no gap
 * locks, which at its default REPEATABLE READ would make concurrent submits and claims wait on and
 * deadlock with each other. The store's lock timeout becomes the session's {@code
 * innodb_lock_wait_timeout} (whole seconds, at least one).
 *
 * <p>XA is MariaDB's own ({@code XA START} ... {@code XA PREPARE}), through the driver's {@link
 * MariaDbDataSource}; it needs no server setting.
 *
 * <p>Attachment content is a {@code LONGBLOB}, written from a stream (the driver streams it into
 * the INSERT; the server's {@code max_allowed_packet} bounds the size of one attachment) and read
 * back in chunks ({@link BlobChunks}).
 */
final class MariaDbDialect implements Dialect {
  /** Oldest MariaDB with {@code SKIP LOCKED}. */
  static final int MIN_MAJOR_VERSION = 10;

  static final int MIN_MINOR_VERSION = 6;

  /** Bytes per SUBSTRING round trip: the most a reader holds in memory at once. */
  static final int READ_CHUNK_BYTES = 512 * 1024;

  @Override
  public String name() {
    return "mariadb";
  }

  @Override
  public DataSource dataSource(StoreSettings settings) {
    return create(settings);
  }

  @Override
  public XADataSource xaDataSource(StoreSettings settings) {
    return create(settings);
  }

  /**
   * Refuses a server without SKIP LOCKED (before 10.6), and one without InnoDB (the migrations ask
   * for it, and a server that substitutes another engine would silently lose transactions).
   */
  @Override
  public void checkDatabase(Connection c) throws SQLException {
    DatabaseMetaData meta = c.getMetaData();
    int major = meta.getDatabaseMajorVersion();
    int minor = meta.getDatabaseMinorVersion();
    if (major < MIN_MAJOR_VERSION || (major == MIN_MAJOR_VERSION && minor < MIN_MINOR_VERSION)) {
      throw new MapiException(
          MapiError.MAPI_E_VERSION,
          "the store database is MariaDB "
              + meta.getDatabaseProductVersion()
              + "; MsgStore needs MariaDB "
              + MIN_MAJOR_VERSION
              + "."
              + MIN_MINOR_VERSION
              + " or later (for SELECT ... FOR UPDATE SKIP LOCKED)");
    }
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT SUPPORT FROM information_schema.ENGINES WHERE ENGINE = 'InnoDB'")) {
      String support = rs.next() ? rs.getString(1) : "NO";
      if (!"YES".equalsIgnoreCase(support) && !"DEFAULT".equalsIgnoreCase(support)) {
        throw new MapiException(
            MapiError.MAPI_E_NO_SUPPORT,
            "the MariaDB server has no InnoDB storage engine (SUPPORT = "
                + support
                + "); MsgStore needs InnoDB for transactions, row locks and XA");
      }
    }
  }

  /**
   * Also refuses connections at another isolation than READ COMMITTED: the application's datasource
   * sets it, the store cannot (its connections are shared).
   */
  @Override
  public void checkSharedDatabase(Connection c) throws SQLException {
    checkDatabase(c);
    if (c.getTransactionIsolation() != Connection.TRANSACTION_READ_COMMITTED) {
      // Under REPEATABLE READ InnoDB takes gap locks: concurrent submits and claims then wait on
      // each other (or deadlock) where the store is written to pass.
      throw new MapiException(
          MapiError.MAPI_E_NO_SUPPORT,
          "the datasource's connections run at isolation level "
              + c.getTransactionIsolation()
              + " (java.sql.Connection constants); MsgStore on MariaDB needs READ COMMITTED: set"
              + " transaction-isolation TRANSACTION_READ_COMMITTED on the datasource (WildFly) or"
              + " transaction-isolation-level read-committed on its pool (Payara)");
    }
  }

  @Override
  public boolean supportsSkipLocked() {
    return true;
  }

  @Override
  public boolean supportsSeveralNodes() {
    return true;
  }

  /** LIMIT: MariaDB has FETCH FIRST since 10.6, MySQL 8 does not; both take LIMIT. */
  @Override
  public String firstRows() {
    return "LIMIT ?";
  }

  /**
   * MariaDB has no {@code OF table}: the rows of every joined table are locked (the claim's message
   * rows too, until its transaction ends), and a row held elsewhere in any of them is skipped.
   */
  @Override
  public String forUpdateSkipLocked(String alias) {
    return "FOR UPDATE SKIP LOCKED";
  }

  @Override
  public String bitAnd(String left, String right) {
    return "(" + left + " & " + right + ")";
  }

  @Override
  public String bitOr(String left, String right) {
    return "(" + left + " | " + right + ")";
  }

  /** The length only: the content itself is read in chunks (see {@link #readContent}). */
  @Override
  public String contentReference(String column) {
    return "LENGTH(" + column + ")";
  }

  /**
   * Reads the content in chunks of {@value #READ_CHUNK_BYTES} bytes, one {@code SUBSTRING} query
   * each: the driver reads a row whole into the heap, so a 50 MB LONGBLOB read in one piece needs
   * 50 MB of heap at once (measured: OutOfMemoryError with a 48 MB heap).
   */
  @Override
  public InputStream readContent(
      Connection c, ResultSet rs, int index, long messageId, int attachNum) throws SQLException {
    return new BlobChunks(c, messageId, attachNum, rs.getLong(index), READ_CHUNK_BYTES);
  }

  private static MariaDbDataSource create(StoreSettings settings) {
    try {
      MariaDbDataSource ds = new MariaDbDataSource(effectiveUrl(settings));
      if (!settings.user().isEmpty()) {
        ds.setUser(settings.user());
      }
      if (!settings.password().isEmpty()) {
        ds.setPassword(settings.password());
      }
      return ds;
    } catch (SQLException e) {
      // The driver's message repeats the URL, password included: masked, and not chained.
      throw new MapiException(
          MapiError.MAPI_E_NO_SUPPORT,
          "jdbcUrl '"
              + settings.maskedUrl()
              + "' is not a valid MariaDB URL: "
              + Setting.maskUrlPassword(String.valueOf(e.getMessage())));
    }
  }

  /**
   * The configured URL plus the driver options MsgStore relies on: READ COMMITTED, per-row batch
   * counts (useBulkStmts=false: the queue's batched lease updates need each row's count, which the
   * bulk protocol does not give), and the store's lock timeout as {@code innodb_lock_wait_timeout},
   * unless the URL sets them itself.
   */
  static String effectiveUrl(StoreSettings settings) {
    String url = settings.jdbcUrl();
    StringBuilder b = new StringBuilder(url);
    char separator = url.contains("?") ? '&' : '?';
    if (!url.contains("transactionIsolation=")) {
      b.append(separator).append("transactionIsolation=READ_COMMITTED");
      separator = '&';
    }
    if (!url.contains("useBulkStmts=")) {
      b.append(separator).append("useBulkStmts=false");
      separator = '&';
    }
    if (!url.contains("innodb_lock_wait_timeout")) {
      long seconds = Math.max(1, (settings.lockTimeoutMs() + 999) / 1000);
      if (url.contains("sessionVariables=")) {
        return b.toString()
            .replace(
                "sessionVariables=", "sessionVariables=innodb_lock_wait_timeout=" + seconds + ",");
      }
      b.append(separator).append("sessionVariables=innodb_lock_wait_timeout=").append(seconds);
    }
    return b.toString();
  }
}
