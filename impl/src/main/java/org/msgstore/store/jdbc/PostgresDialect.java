package org.msgstore.store.jdbc;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.List;
import javax.sql.DataSource;
import javax.sql.XADataSource;
import org.msgstore.MapiError;
import org.msgstore.MapiException;
import org.msgstore.store.StoreSettings;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;
import org.postgresql.ds.PGSimpleDataSource;
import org.postgresql.ds.common.BaseDataSource;
import org.postgresql.xa.PGXADataSource;

/**
 * PostgreSQL, for production and for several servers sharing one store: the spoolers of all nodes
 * claim queue rows with {@code FOR UPDATE SKIP LOCKED} and leases.
 *
 * <p>XA needs {@code max_prepared_transactions > 0} on the server (PostgreSQL's default is 0, which
 * makes every {@code PREPARE TRANSACTION} fail); {@link #checkDatabase} refuses to start without
 * it.
 *
 * <p>Attachment content up to {@link #IN_ROW_BYTES} is kept in its row ({@code small_content}, a
 * {@code bytea} written with the row's INSERT, schema 3): a large object costs several statements
 * and catalog rows, most of the server's work for a message with a small attachment. Larger content
 * is a large object (the {@code oid} column {@code content}), not {@code bytea}: the driver reads a
 * {@code bytea} value whole into the heap, a large object can be streamed. Both directions use the
 * server's large-object SQL functions in chunks, never the driver's large-object API, which refuses
 * to work inside an XA branch (see {@link LargeObjectWriter}): written by {@link LargeObjectWriter}
 * inside the caller's transaction, read by {@link LargeObjectChunks} with {@code lo_get(oid,
 * offset, length)}, which needs no descriptor, so a reader may hold the stream open outside any
 * transaction or across the commit of the transaction that opened it. A trigger unlinks the object
 * when its attachment row goes (see the V1 migration).
 */
final class PostgresDialect implements Dialect {
  /**
   * Oldest server with identity columns (used by the schema), SKIP LOCKED, lo_get, lo_put and
   * lo_from_bytea.
   */
  static final int MIN_MAJOR_VERSION = 10;

  /** Bytes per lo_get round trip: the most a reader holds in memory at once. */
  static final int READ_CHUNK_BYTES = 512 * 1024;

  /** Bytes per lo_from_bytea / lo_put round trip: the most a writer holds in memory at once. */
  static final int WRITE_CHUNK_BYTES = 256 * 1024;

  /**
   * Content up to this many bytes goes in its row, longer content in a large object. Measured, a
   * row's {@code bytea} costs the server less CPU than a large object at every size up to 1 MiB
   * (BENCHMARKS.md, "PostgreSQL: small attachments in their row"); what bounds it is memory: the
   * driver sends and reads a {@code bytea} whole. 64 KiB is what a submit stages in memory anyway
   * ({@code StagedAttachment.IN_MEMORY_LIMIT}), so content kept in its row was already whole in the
   * heap, and content staged in a file still streams into a large object.
   */
  static final int IN_ROW_BYTES = 64 * 1024;

  private final long inRowBytes;

  PostgresDialect() {
    this(IN_ROW_BYTES);
  }

  /** With another in-row threshold: -1 puts all content in large objects (tests, benchmark). */
  PostgresDialect(long inRowBytes) {
    this.inRowBytes = inRowBytes;
  }

  @Override
  public String name() {
    return "postgresql";
  }

  @Override
  public DataSource dataSource(StoreSettings settings) {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    configure(ds, settings);
    return ds;
  }

  @Override
  public XADataSource xaDataSource(StoreSettings settings) {
    PGXADataSource ds = new PGXADataSource();
    configure(ds, settings);
    return ds;
  }

  @Override
  public void checkDatabase(Connection c) throws SQLException {
    checkSharedDatabase(c);
    checkPreparedTransactions(c);
  }

  @Override
  public void checkSharedDatabase(Connection c) throws SQLException {
    int major = c.getMetaData().getDatabaseMajorVersion();
    if (major < MIN_MAJOR_VERSION) {
      throw new MapiException(
          MapiError.MAPI_E_VERSION,
          "the store database is PostgreSQL "
              + c.getMetaData().getDatabaseProductVersion()
              + "; MsgStore needs PostgreSQL "
              + MIN_MAJOR_VERSION
              + " or later");
    }
  }

  @Override
  public java.util.Optional<QueueChannel> queueChannel(StoreSchema schema) {
    return java.util.Optional.of(new PostgresQueueChannel(schema));
  }

  /** PostgreSQL's default search path starts with "$user": a user named like the schema. */
  @Override
  public void checkSchemaApart(Connection c, StoreSchema schema) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT CAST(? AS name) = ANY (current_schemas(false))")) {
      ps.setString(1, schema.name());
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next() && rs.getBoolean(1)) {
          throw new MapiException(
              MapiError.MAPI_E_NO_SUPPORT,
              "the store schema '"
                  + schema.name()
                  + "' is on the datasource connections' search_path ("
                  + searchPath(c)
                  + "; PostgreSQL's default \"$user\" entry names it when the database user has"
                  + " its name), so the application's unqualified table names would find the"
                  + " store's tables; set storeSchema to a name not on the search path, or change"
                  + " the user's search_path");
        }
      }
    }
  }

  private static String searchPath(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SHOW search_path")) {
      return rs.next() ? "search_path = " + rs.getString(1) : "search_path unknown";
    }
  }

  private static void checkPreparedTransactions(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SHOW max_prepared_transactions")) {
      int max = rs.next() ? Integer.parseInt(rs.getString(1).strip()) : 0;
      if (max <= 0) {
        throw new MapiException(
            MapiError.MAPI_E_NO_SUPPORT,
            "the PostgreSQL server has max_prepared_transactions = "
                + max
                + ", so it cannot take part in XA transactions; set max_prepared_transactions to at least"
                + " the number of store connections of all servers (e.g. 100) in postgresql.conf and restart PostgreSQL");
      }
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

  @Override
  public String firstRows() {
    return "FETCH FIRST ? ROWS ONLY";
  }

  @Override
  public String forUpdateSkipLocked(String alias) {
    return "FOR UPDATE OF " + alias + " SKIP LOCKED";
  }

  @Override
  public String bitAnd(String left, String right) {
    return "(" + left + " & " + right + ")";
  }

  @Override
  public String bitOr(String left, String right) {
    return "(" + left + " | " + right + ")";
  }

  /** {@code content}: a large object's oid; {@code small_content}: content kept in its row. */
  @Override
  public List<String> contentColumns() {
    return List.of("content", "small_content");
  }

  /**
   * Binds content up to the in-row threshold as {@code small_content}, longer content as a new
   * large object's oid in {@code content}; the other column is null.
   *
   * <p>A large object only inside a transaction. It takes several statements, and its row is
   * inserted by the caller after this returns; in auto-commit every statement would commit on its
   * own, so a failure halfway (a broken stream, a full disk, the row's INSERT) would leave a
   * committed object that no row refers to and no trigger ever unlinks. Opening a transaction of
   * the dialect's own would not help: it would have to commit before the row exists, with the same
   * result. The store writes only through a unit of work, which always has a transaction, so
   * auto-commit here is a caller's bug, refused with an error that says so rather than leaking
   * storage quietly.
   */
  @Override
  public void bindContent(
      Connection c, PreparedStatement ps, int index, InputStream content, long size)
      throws SQLException {
    if (size <= inRowBytes) {
      ps.setNull(index, Types.BIGINT);
      ps.setBytes(index + 1, whole(content, (int) size));
      return;
    }
    if (!insideTransaction(c)) {
      throw new SQLException(
          "attachment content must be written inside a transaction: a large object written in auto-commit mode"
              + " could be left half-written and unreferenced",
          "25000");
    }
    ps.setLong(index, new LargeObjectWriter(c, WRITE_CHUNK_BYTES).write(content, size));
    ps.setNull(index + 1, Types.BINARY);
  }

  /** All of {@code content}, which must be exactly {@code size} bytes. */
  private static byte[] whole(InputStream content, int size) throws SQLException {
    byte[] bytes;
    try {
      bytes = content.readNBytes(size + 1);
    } catch (IOException e) {
      throw new SQLException("attachment content could not be read: " + e.getMessage(), e);
    }
    if (bytes.length != size) {
      throw new SQLException(
          "attachment content was "
              + (bytes.length > size ? "more than " + size : Integer.toString(bytes.length))
              + " bytes, expected "
              + size);
    }
    return bytes;
  }

  /**
   * Whether statements on {@code c} run inside a transaction. With auto-commit off the driver opens
   * one with the next statement. With it on there may still be one: pgjdbc starts an XA branch with
   * a plain {@code BEGIN} and leaves the flag on, so the server's own state decides, which the
   * driver records from the server's reply to every statement.
   */
  private static boolean insideTransaction(Connection c) throws SQLException {
    return !c.getAutoCommit()
        || c.unwrap(BaseConnection.class).getTransactionState() != TransactionState.IDLE;
  }

  /** Content in its row is a plain bytea; a large object is streamed when it is read. */
  @Override
  public String listedContent(long maxBytes) {
    return "CASE WHEN size_bytes <= " + maxBytes + " THEN small_content END";
  }

  @Override
  public String contentReference(String column) {
    return column;
  }

  @Override
  public InputStream readContent(
      Connection c, ResultSet rs, int index, long messageId, int attachNum) throws SQLException {
    byte[] inRow = rs.getBytes(index + 1);
    if (inRow != null) {
      return new ByteArrayInputStream(inRow);
    }
    return new LargeObjectChunks(c, rs.getLong(index), READ_CHUNK_BYTES);
  }

  /**
   * A large object is copied by {@code msgstore_lo_copy} (V1 migration), chunk by chunk on the
   * server, into an object of the copy's own; content in the row is copied as a value.
   */
  @Override
  public String copyContent() {
    return "CASE WHEN content IS NULL THEN NULL ELSE msgstore_lo_copy(content) END, small_content";
  }

  /** URL, credentials and a lock timeout, unless the URL already sets one in its options. */
  private static void configure(BaseDataSource ds, StoreSettings settings) {
    try {
      ds.setURL(settings.jdbcUrl());
    } catch (IllegalArgumentException e) {
      // The driver's message repeats the URL, password included: not passed on, nor chained.
      throw new MapiException(
          MapiError.MAPI_E_NO_SUPPORT,
          "jdbcUrl '" + settings.maskedUrl() + "' is not a valid PostgreSQL URL");
    }
    if (!settings.user().isEmpty()) {
      ds.setUser(settings.user());
    }
    if (!settings.password().isEmpty()) {
      ds.setPassword(settings.password());
    }
    String options = ds.getOptions();
    if (options == null || options.isBlank()) {
      ds.setOptions("-c lock_timeout=" + settings.lockTimeoutMs());
    } else if (!options.contains("lock_timeout")) {
      ds.setOptions(options + " -c lock_timeout=" + settings.lockTimeoutMs());
    }
  }
}
