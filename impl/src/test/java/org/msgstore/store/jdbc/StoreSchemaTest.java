package org.msgstore.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import org.junit.jupiter.api.Test;

/** Where the store schema is written into the store's statements, and where it is not. */
class StoreSchemaTest {
  private final StoreSchema store = StoreSchema.named("msgstore");

  @Test
  void table_names_after_FROM_JOIN_INTO_and_UPDATE_get_the_schema() {
    assertEquals(
        "SELECT m.id FROM msgstore.outgoing_queue q JOIN msgstore.message m ON m.id = q.message_id",
        store.qualify("SELECT m.id FROM outgoing_queue q JOIN message m ON m.id = q.message_id"));
    assertEquals(
        "INSERT INTO msgstore.recipient (message_id) VALUES (?)",
        store.qualify("INSERT INTO recipient (message_id) VALUES (?)"));
    assertEquals("UPDATE msgstore.folder SET n = 1", store.qualify("UPDATE folder SET n = 1"));
    assertEquals(
        "DELETE FROM msgstore.attachment WHERE message_id = ?",
        store.qualify("DELETE FROM attachment WHERE message_id = ?"));
  }

  @Test
  void columns_aliases_locking_clauses_and_other_tables_stay_as_written() {
    String sql =
        "SELECT q.message_id, m.mailbox_id FROM orders o, information_schema.tables"
            + " FOR UPDATE OF q SKIP LOCKED";
    assertEquals(sql, store.qualify(sql));
    assertEquals(
        "SELECT message_id FROM msgstore.mailbox", store.qualify("SELECT message_id FROM mailbox"));
  }

  @Test
  void the_stores_own_sql_function_gets_the_schema_but_the_databases_do_not() {
    assertEquals(
        "SELECT msgstore.msgstore_lo_copy(content), lo_get(content) FROM msgstore.attachment",
        store.qualify("SELECT msgstore_lo_copy(content), lo_get(content) FROM attachment"));
  }

  @Test
  void the_connections_default_schema_leaves_statements_and_connections_untouched()
      throws Exception {
    StoreSchema none = StoreSchema.named("");
    assertTrue(none.isDefault());
    assertEquals("SELECT 1 FROM message", none.qualify("SELECT 1 FROM message"));
    try (Connection c = DriverManager.getConnection("jdbc:h2:mem:schema-default")) {
      assertSame(c, none.qualify(c));
    }
  }

  @Test
  void a_name_that_is_not_a_lower_case_identifier_is_refused_with_the_rule() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> StoreSchema.named("Mail-Store"));
    assertTrue(e.getMessage().contains("lower-case SQL identifier"), e.getMessage());
  }
}
