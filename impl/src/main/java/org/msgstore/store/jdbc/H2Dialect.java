package org.msgstore.store.jdbc;

import java.io.InputStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;
import javax.sql.XADataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.msgstore.store.StoreSettings;

/**
 * H2, the embedded default. Its URL always carries {@code WRITE_DELAY=0}: with H2's default delay a
 * process crash loses what was committed in the last half second.
 */
final class H2Dialect implements Dialect {
  @Override
  public String name() {
    return "h2";
  }

  @Override
  public DataSource dataSource(StoreSettings settings) {
    return create(settings);
  }

  @Override
  public XADataSource xaDataSource(StoreSettings settings) {
    return create(settings);
  }

  @Override
  public void checkDatabase(Connection c) {
    // Everything H2 needs is in the URL (effectiveUrl).
  }

  @Override
  public void checkSharedDatabase(Connection c) {
    // An application's H2 (a development setup): nothing to check.
  }

  @Override
  public String storedIdentifier(String unquoted) {
    return unquoted.toUpperCase(Locale.ROOT);
  }

  @Override
  public boolean supportsSkipLocked() {
    return false;
  }

  @Override
  public boolean supportsSeveralNodes() {
    return false;
  }

  @Override
  public String firstRows() {
    return "FETCH FIRST ? ROWS ONLY";
  }

  @Override
  public String forUpdateSkipLocked(String alias) {
    throw new UnsupportedOperationException("H2 has no SKIP LOCKED");
  }

  @Override
  public String bitAnd(String left, String right) {
    return "BITAND(" + left + ", " + right + ")";
  }

  @Override
  public String bitOr(String left, String right) {
    return "BITOR(" + left + ", " + right + ")";
  }

  @Override
  public String contentReference(String column) {
    return column;
  }

  @Override
  public InputStream readContent(
      Connection c, ResultSet rs, int index, long messageId, int attachNum) throws SQLException {
    return rs.getBinaryStream(index);
  }

  private static JdbcDataSource create(StoreSettings settings) {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL(effectiveUrl(settings));
    ds.setUser(settings.user());
    ds.setPassword(settings.password());
    return ds;
  }

  /** The configured URL plus the settings MsgStore relies on, unless the URL already sets them. */
  static String effectiveUrl(StoreSettings settings) {
    String url = settings.jdbcUrl();
    String upper = url.toUpperCase(Locale.ROOT);
    StringBuilder b = new StringBuilder(url);
    if (!upper.contains(";WRITE_DELAY=")) {
      b.append(";WRITE_DELAY=0");
    }
    if (!upper.contains(";LOCK_TIMEOUT=")) {
      b.append(";LOCK_TIMEOUT=").append(settings.lockTimeoutMs());
    }
    return b.toString();
  }
}
