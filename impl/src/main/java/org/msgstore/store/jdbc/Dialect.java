package org.msgstore.store.jdbc;

import java.io.InputStream;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import javax.sql.XADataSource;
import org.msgstore.MapiError;
import org.msgstore.MapiException;
import org.msgstore.store.StoreSettings;

/**
 * Everything that differs between the databases MsgStore runs on, kept in one narrow place: how to
 * connect (plain and XA), where the migrations are, capability flags, the few SQL fragments that
 * are spelt differently, and how attachment content is stored. Repositories ask the dialect; they
 * never test which database they are on.
 */
public interface Dialect {
  /** Short name, also the folder of its migrations: {@code db/migration/<name>}. */
  String name();

  /** A plain data source, for migrations and mailbox provisioning (committed on their own). */
  DataSource dataSource(StoreSettings settings);

  /** The driver's XA data source: each managed connection holds one of its connections. */
  XADataSource xaDataSource(StoreSettings settings);

  /**
   * Checks, when the store opens, that the database is set up the way MsgStore needs; fails with a
   * {@link MapiException} naming the setting to change.
   */
  void checkDatabase(Connection c) throws SQLException;

  /**
   * The same check for the application's datasource (dataSource mode): the store takes part in the
   * application's transactions through it and needs no XA of its own, and the datasource's settings
   * (isolation, timeouts) are the administrator's, so they are checked, not set.
   */
  void checkSharedDatabase(Connection c) throws SQLException;

  /**
   * Fails when the application's connections would find the store's tables by their unqualified
   * names, i.e. the store's schema is on their search path: the application's own {@code message}
   * table would then lose to the store's. Databases without a search path have nothing to check.
   */
  default void checkSchemaApart(Connection c, StoreSchema schema) throws SQLException {}

  /**
   * An unquoted identifier as the database stores it, for tools that quote what they are given
   * (Flyway's schema): PostgreSQL and MariaDB keep lower case, H2 folds to upper case.
   */
  default String storedIdentifier(String unquoted) {
    return unquoted;
  }

  /**
   * The database's own signal between servers that the queue has new rows, for the store in {@code
   * schema}; empty where there is none and spoolers of other servers find new rows at their poll.
   */
  default java.util.Optional<QueueChannel> queueChannel(StoreSchema schema) {
    return java.util.Optional.empty();
  }

  /** Whether {@code SELECT ... FOR UPDATE SKIP LOCKED} works (several nodes claiming one queue). */
  boolean supportsSkipLocked();

  /** Whether this database can be shared by several servers. */
  boolean supportsSeveralNodes();

  /**
   * The clause that keeps the first {@code ?} rows of a query (the row count is bound as a
   * parameter): standard {@code FETCH FIRST}, or {@code LIMIT} where that is what the database
   * speaks.
   */
  String firstRows();

  /**
   * The clause that row-locks the rows of table alias {@code alias} a query returns, skipping rows
   * another transaction holds; only where {@link #supportsSkipLocked()}.
   */
  String forUpdateSkipLocked(String alias);

  /** SQL for the bitwise AND of two integer expressions. */
  String bitAnd(String left, String right);

  /** SQL for the bitwise OR of two integer expressions. */
  String bitOr(String left, String right);

  /**
   * The attachment table's columns that hold content, in the order {@link #bindContent}, {@link
   * #readContent} and {@link #copyContent} use them: one column, or several of which each row uses
   * one (PostgreSQL keeps small content in its row, large content in a large object). By default
   * one binary column, {@code content}, which the database streams in and copies as a value.
   */
  default List<String> contentColumns() {
    return List.of("content");
  }

  /**
   * Binds attachment content to the parameters {@code index} onwards of an insert, one per {@link
   * #contentColumns content column}, streaming {@code size} bytes from {@code content} without
   * holding them whole (content the dialect keeps in its row is read whole: it is small).
   */
  default void bindContent(
      Connection c, PreparedStatement ps, int index, InputStream content, long size)
      throws SQLException {
    ps.setBinaryStream(index, content, size);
  }

  /**
   * What a query that reads attachment content selects for the content column {@code column}: the
   * column itself, or a stand-in where the content is fetched in chunks by {@link #readContent}
   * (the driver would hold the whole value in memory).
   */
  String contentReference(String column);

  /**
   * What a listing of a message's attachments selects so that content of at most {@code maxBytes}
   * comes with the list (null for longer content, which is streamed when it is read).
   */
  default String listedContent(long maxBytes) {
    return "CASE WHEN size_bytes <= " + maxBytes + " THEN content END";
  }

  /**
   * A stream over the content of attachment {@code attachNum} of message {@code messageId}, whose
   * {@link #contentReference content references} (one per {@link #contentColumns content column})
   * are in the columns from {@code index} of the current row. It may read lazily through {@code c},
   * so the caller keeps the statement open until the stream is closed.
   */
  InputStream readContent(Connection c, ResultSet rs, int index, long messageId, int attachNum)
      throws SQLException;

  /**
   * SQL select expressions, one per {@link #contentColumns content column} and separated by commas,
   * for an independent copy of a row's content made inside the database.
   */
  default String copyContent() {
    return "content";
  }

  /**
   * The dialect of the database behind an application's datasource, from the product name its
   * driver reports, or a clear error naming the databases MsgStore supports.
   */
  static Dialect forDatabase(DatabaseMetaData meta, String dataSourceName) throws SQLException {
    String product = meta.getDatabaseProductName();
    switch (product == null ? "" : product.toLowerCase(java.util.Locale.ROOT)) {
      case "h2":
        return new H2Dialect();
      case "postgresql":
        return new PostgresDialect();
      case "mariadb":
        return new MariaDbDialect();
      default:
        throw new MapiException(
            MapiError.MAPI_E_NO_SUPPORT,
            "dataSource '"
                + dataSourceName
                + "' is a "
                + product
                + " "
                + meta.getDatabaseProductVersion()
                + " database, which MsgStore does not support; use PostgreSQL, MariaDB or H2");
    }
  }

  /** The dialect for a JDBC URL, or a clear error naming the databases MsgStore supports. */
  static Dialect forUrl(StoreSettings settings) {
    String jdbcUrl = settings.jdbcUrl();
    if (jdbcUrl.startsWith("jdbc:h2:")) {
      return new H2Dialect();
    }
    if (jdbcUrl.startsWith("jdbc:postgresql:")) {
      return new PostgresDialect();
    }
    if (jdbcUrl.startsWith("jdbc:mariadb:")) {
      return new MariaDbDialect();
    }
    throw new MapiException(
        MapiError.MAPI_E_NO_SUPPORT,
        "jdbcUrl '"
            + settings.maskedUrl()
            + "' names a database MsgStore does not support; use jdbc:h2:... (embedded), jdbc:postgresql://host:port/database or"
            + " jdbc:mariadb://host:port/database");
  }
}
