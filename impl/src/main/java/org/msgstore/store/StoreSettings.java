package org.msgstore.store;

import java.util.Objects;

/**
 * How to reach the store's database. Built and validated by the adapter's configuration; the store
 * trusts it.
 *
 * @param jdbcUrl e.g. {@code jdbc:h2:file:/var/data/msgstore/msgstore} or {@code
 *     jdbc:postgresql://...}
 * @param user may be empty
 * @param password may be empty
 * @param lockTimeoutMs how long a statement waits for a row lock before failing
 */
public record StoreSettings(String jdbcUrl, String user, String password, int lockTimeoutMs) {
  public StoreSettings {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    user = user == null ? "" : user;
    password = password == null ? "" : password;
  }

  @Override
  public String toString() {
    return "StoreSettings[jdbcUrl="
        + jdbcUrl
        + ", user="
        + user
        + ", password=****, lockTimeoutMs="
        + lockTimeoutMs
        + "]";
  }
}
