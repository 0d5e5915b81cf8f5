package org.msgstore.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.msgstore.MapiError;
import org.msgstore.MapiException;
import org.msgstore.store.StoreSettings;

/**
 * The start-time checks of the PostgreSQL dialect, against a scripted server (no database needed).
 */
class PostgresDialectTest {
  @Test
  void a_jdbc_postgresql_url_selects_the_PostgreSQL_dialect_with_skip_locked_and_several_nodes() {
    Dialect d =
        Dialect.forUrl(
            new StoreSettings("jdbc:postgresql://db.example.com:5432/msgstore", "", "", 1));
    assertEquals("postgresql", d.name());
    assertTrue(d.supportsSkipLocked());
    assertTrue(d.supportsSeveralNodes());
  }

  @Test
  void a_server_with_max_prepared_transactions_0_is_refused_at_start_with_the_setting_to_change() {
    MapiException e =
        assertThrows(
            MapiException.class, () -> new PostgresDialect().checkDatabase(server(15, "0")));
    assertEquals(MapiError.MAPI_E_NO_SUPPORT, e.error());
    assertTrue(e.getMessage().contains("max_prepared_transactions"), e.getMessage());
    assertTrue(e.getMessage().contains("postgresql.conf"), e.getMessage());
  }

  @Test
  void a_server_with_prepared_transactions_enabled_passes() {
    assertDoesNotThrow(() -> new PostgresDialect().checkDatabase(server(15, "20")));
  }

  @Test
  void a_server_older_than_PostgreSQL_10_is_refused_with_the_version_needed() {
    MapiException e =
        assertThrows(
            MapiException.class, () -> new PostgresDialect().checkDatabase(server(9, "20")));
    assertEquals(MapiError.MAPI_E_VERSION, e.error());
    assertTrue(e.getMessage().contains("PostgreSQL 10"), e.getMessage());
  }

  /** A connection whose server reports {@code major} and answers SHOW max_prepared_transactions. */
  private static Connection server(int major, String maxPrepared) {
    DatabaseMetaData meta =
        fake(
            DatabaseMetaData.class,
            (name, args) ->
                switch (name) {
                  case "getDatabaseMajorVersion" -> major;
                  case "getDatabaseProductVersion" -> major + ".0";
                  default -> null;
                });
    boolean[] served = {false};
    ResultSet rs =
        fake(
            ResultSet.class,
            (name, args) ->
                switch (name) {
                  case "next" -> !served[0] && (served[0] = true);
                  case "getString" -> maxPrepared;
                  default -> null;
                });
    Statement st =
        fake(
            Statement.class,
            (name, args) -> {
              if (name.equals("executeQuery")) {
                assertEquals("SHOW max_prepared_transactions", args[0]);
                return rs;
              }
              return null;
            });
    return fake(
        Connection.class,
        (name, args) ->
            switch (name) {
              case "getMetaData" -> meta;
              case "createStatement" -> st;
              default -> null;
            });
  }

  interface Answer {
    Object answer(String method, Object[] args);
  }

  private static <T> T fake(Class<T> type, Answer answer) {
    return type.cast(
        Proxy.newProxyInstance(
            PostgresDialectTest.class.getClassLoader(),
            new Class<?>[] {type},
            (proxy, m, args) -> answer.answer(m.getName(), args)));
  }
}
