package org.msgstore.store.jdbc;

import javax.sql.DataSource;
import javax.sql.XADataSource;
import org.msgstore.MapiError;
import org.msgstore.MapiException;
import org.msgstore.store.StoreSettings;

/**
 * Everything that differs between the databases MsgStore runs on, kept in one narrow place: how to
 * connect (plain and XA), where the migrations are, and capability flags.
 */
public interface Dialect {
  /** Short name, also the folder of its migrations: {@code db/migration/<name>}. */
  String name();

  /** A plain data source, for migrations and mailbox provisioning (committed on their own). */
  DataSource dataSource(StoreSettings settings);

  /** The driver's XA data source: each managed connection holds one of its connections. */
  XADataSource xaDataSource(StoreSettings settings);

  /** Whether {@code SELECT ... FOR UPDATE SKIP LOCKED} works (several nodes claiming one queue). */
  boolean supportsSkipLocked();

  /** Whether this database can be shared by several servers. */
  boolean supportsSeveralNodes();

  /** The dialect for a JDBC URL, or a clear error naming the databases MsgStore supports. */
  static Dialect forUrl(String jdbcUrl) {
    if (jdbcUrl.startsWith("jdbc:h2:")) {
      return new H2Dialect();
    }
    throw new MapiException(
        MapiError.MAPI_E_NO_SUPPORT,
        "jdbcUrl '" + jdbcUrl + "' names a database MsgStore does not support yet; use jdbc:h2:...");
  }
}
