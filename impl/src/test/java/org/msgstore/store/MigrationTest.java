package org.msgstore.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.msgstore.MapiError;
import org.msgstore.MapiException;
import org.msgstore.testing.TestStores;

class MigrationTest {
  @TempDir Path dir;

  @Test
  void opening_a_new_store_creates_the_schema_and_reopening_applies_nothing_twice()
      throws Exception {
    new StoreFixture(dir).close();
    new StoreFixture(dir).close();
    try (Connection c = TestStores.openH2(dir);
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT COUNT(*), MAX(\"version\") FROM \"msgstore_schema_history\" WHERE \"success\" AND \"type\" = 'SQL'")) {
      assertTrue(rs.next());
      assertEquals(migrationsListed(), rs.getInt(1), "each listed migration is recorded once");
      assertEquals(Integer.toString(migrationsListed()), rs.getString(2));
    }
  }

  private static int migrationsListed() throws Exception {
    try (var in =
        MigrationTest.class.getClassLoader().getResourceAsStream("db/migration/h2/index.txt")) {
      return (int)
          new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
              .lines()
              .filter(l -> !l.isBlank())
              .count();
    }
  }

  @Test
  void the_embedded_store_always_runs_with_WRITE_DELAY_0() throws Exception {
    try (StoreFixture fixture = new StoreFixture(dir);
        Connection c = fixture.connection().jdbc();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'WRITE_DELAY'")) {
      assertTrue(rs.next());
      assertEquals("0", rs.getString(1), "H2's default delay loses commits on a crash");
    }
  }

  @Test
  void a_database_MsgStore_does_not_support_is_refused_with_a_clear_error() {
    MapiException e =
        assertThrows(
            MapiException.class,
            () ->
                MessageStore.open(
                    new StoreSettings("jdbc:oracle:thin:@x", "", "", 1000), Clock.systemUTC()));
    assertEquals(MapiError.MAPI_E_NO_SUPPORT, e.error());
    assertTrue(e.getMessage().contains("jdbc:oracle:thin:@x"));
  }
}
