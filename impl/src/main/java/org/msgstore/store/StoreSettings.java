package org.msgstore.store;

import java.util.Objects;
import org.msgstore.config.Setting;

/**
 * How to reach the store's database. Built and validated by the adapter's configuration; the store
 * trusts it.
 *
 * @param jdbcUrl e.g. {@code jdbc:h2:file:/var/data/msgstore/msgstore} or {@code
 *     jdbc:postgresql://...}
 * @param user may be empty
 * @param password may be empty
 * @param lockTimeoutMs how long a statement waits for a row lock before failing
 * @param schema where the store's tables are; empty: the connection's default schema
 */
public record StoreSettings(
    String jdbcUrl, String user, String password, int lockTimeoutMs, String schema) {
  public StoreSettings {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    user = user == null ? "" : user;
    password = password == null ? "" : password;
    schema = schema == null ? "" : schema;
  }

  /** In the connection's default schema. */
  public StoreSettings(String jdbcUrl, String user, String password, int lockTimeoutMs) {
    this(jdbcUrl, user, password, lockTimeoutMs, "");
  }

  /** The URL for messages and logs: a {@code password=} parameter's value shown as ****. */
  public String maskedUrl() {
    return Setting.maskUrlPassword(jdbcUrl);
  }

  /** The same database, with the store's tables in {@code schema}. */
  public StoreSettings inSchema(String schema) {
    return new StoreSettings(jdbcUrl, user, password, lockTimeoutMs, schema);
  }

  @Override
  public String toString() {
    return "StoreSettings[jdbcUrl="
        + maskedUrl()
        + ", user="
        + user
        + ", password=****, lockTimeoutMs="
        + lockTimeoutMs
        + (schema.isEmpty() ? "" : ", schema=" + schema)
        + "]";
  }
}
