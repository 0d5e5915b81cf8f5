package org.msgstore.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.msgstore.store.StoreSettings;

/** How the MariaDB dialect is chosen and which driver options it adds (no database needed). */
class MariaDbDialectTest {
  @Test
  void a_jdbc_mariadb_url_selects_the_MariaDB_dialect_with_skip_locked_and_several_nodes() {
    Dialect d =
        Dialect.forUrl(new StoreSettings("jdbc:mariadb://db.example.com:3306/msgstore", "", "", 1));
    assertEquals("mariadb", d.name());
    assertTrue(d.supportsSkipLocked());
    assertTrue(d.supportsSeveralNodes());
    assertEquals("LIMIT ?", d.firstRows());
    assertEquals("FOR UPDATE SKIP LOCKED", d.forUpdateSkipLocked("q"));
  }

  @Test
  void the_url_gets_read_committed_per_row_batch_counts_and_the_lock_timeout_in_whole_seconds() {
    assertEquals(
        "jdbc:mariadb://h/db?transactionIsolation=READ_COMMITTED&useBulkStmts=false"
            + "&sessionVariables=innodb_lock_wait_timeout=3",
        MariaDbDialect.effectiveUrl(new StoreSettings("jdbc:mariadb://h/db", "", "", 2500)));
    assertEquals(
        "jdbc:mariadb://h/db?transactionIsolation=READ_COMMITTED&useBulkStmts=false"
            + "&sessionVariables=innodb_lock_wait_timeout=1",
        MariaDbDialect.effectiveUrl(new StoreSettings("jdbc:mariadb://h/db", "", "", 0)));
  }

  @Test
  void options_the_url_sets_itself_are_kept_and_session_variables_are_added_to() {
    assertEquals(
        "jdbc:mariadb://h/db?useBulkStmts=false&transactionIsolation=SERIALIZABLE"
            + "&sessionVariables=innodb_lock_wait_timeout=5,wait_timeout=60",
        MariaDbDialect.effectiveUrl(
            new StoreSettings(
                "jdbc:mariadb://h/db?useBulkStmts=false&transactionIsolation=SERIALIZABLE"
                    + "&sessionVariables=wait_timeout=60",
                "",
                "",
                5000)));
  }
}
