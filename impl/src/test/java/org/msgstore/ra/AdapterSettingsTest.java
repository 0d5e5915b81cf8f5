package org.msgstore.ra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.resource.spi.ResourceAdapterInternalException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.msgstore.config.ConfigProperties;
import org.msgstore.config.SettingValues;

class AdapterSettingsTest {
  private static UnaryOperator<String> system(Map<String, String> props) {
    return props::get;
  }

  private static AdapterSettings resolve(String url, String dir, Map<String, String> props)
      throws ResourceAdapterInternalException {
    return resolve(url, "", "", dir, null, props);
  }

  /** The adapter's settings as a container would set them through the JavaBean setters. */
  private static AdapterSettings resolve(
      String url,
      String user,
      String password,
      String dir,
      Integer lockTimeoutMs,
      Map<String, String> props)
      throws ResourceAdapterInternalException {
    SettingValues values = new SettingValues(ConfigProperties.ADAPTER);
    values.set(ConfigProperties.JDBC_URL, url);
    values.set(ConfigProperties.JDBC_USER, user);
    values.set(ConfigProperties.JDBC_PASSWORD, password);
    values.set(ConfigProperties.STORE_DIRECTORY, dir);
    values.set(ConfigProperties.LOCK_TIMEOUT_MS, lockTimeoutMs);
    return AdapterSettings.resolve(values, system(props));
  }

  @Test
  void
      with_no_configuration_the_store_is_embedded_H2_in_the_WildFly_data_directory_with_WRITE_DELAY_0()
          throws Exception {
    AdapterSettings s =
        resolve(
            "", "", Map.of("jboss.server.data.dir", "/srv/wildfly/data", "user.home", "/home/u"));
    assertTrue(s.embedded());
    assertEquals(Path.of("/srv/wildfly/data/msgstore"), s.storeDirectory());
    assertEquals("jdbc:h2:file:/srv/wildfly/data/msgstore/msgstore;WRITE_DELAY=0", s.jdbcUrl());
    assertEquals(ConfigProperties.LOCK_TIMEOUT_MS.defaultValue(), s.lockTimeoutMs());
  }

  @Test
  void on_Payara_the_default_directory_is_under_the_instance_root() throws Exception {
    AdapterSettings s =
        resolve(
            "",
            "",
            Map.of("com.sun.aas.instanceRoot", "/opt/payara/domain1", "user.home", "/home/u"));
    assertEquals(Path.of("/opt/payara/domain1/msgstore"), s.storeDirectory());
  }

  @Test
  void outside_a_known_server_the_default_directory_is_under_the_user_home() throws Exception {
    AdapterSettings s = resolve("", "", Map.of("user.home", "/home/u"));
    assertEquals(Path.of("/home/u/.msgstore"), s.storeDirectory());
  }

  @Test
  void a_user_supplied_H2_url_without_WRITE_DELAY_gets_WRITE_DELAY_0() throws Exception {
    AdapterSettings s =
        resolve("jdbc:h2:file:/data/db;MODE=PostgreSQL", "", Map.of("user.home", "/h"));
    assertFalse(s.embedded());
    assertEquals("jdbc:h2:file:/data/db;MODE=PostgreSQL;WRITE_DELAY=0", s.jdbcUrl());
    assertEquals(
        "jdbc:h2:file:/data/db;write_delay=0",
        resolve("jdbc:h2:file:/data/db;write_delay=0", "", Map.of("user.home", "/h")).jdbcUrl());
  }

  @Test
  void a_user_supplied_H2_url_with_another_WRITE_DELAY_is_refused_with_a_clear_message() {
    ResourceAdapterInternalException e =
        assertThrows(
            ResourceAdapterInternalException.class,
            () -> resolve("jdbc:h2:file:/data/db;WRITE_DELAY=500", "", Map.of("user.home", "/h")));
    assertTrue(e.getMessage().contains("WRITE_DELAY=500"), e.getMessage());
    assertTrue(e.getMessage().contains("WRITE_DELAY=0"), e.getMessage());
  }

  @Test
  void start_fails_listing_every_problem_at_once() {
    ResourceAdapterInternalException e =
        assertThrows(
            ResourceAdapterInternalException.class,
            () -> resolve("mysql://x", "", "", "relative/dir", -5, Map.of()));
    String m = e.getMessage();
    assertTrue(m.startsWith(RaLog.INVALID_CONFIGURATION.id()), m);
    assertTrue(m.contains("3 problems"), m);
    assertTrue(m.contains("lockTimeoutMs=-5"), m);
    assertTrue(m.contains("not a JDBC URL"), m);
    assertTrue(m.contains("storeDirectory 'relative/dir' must be an absolute path"), m);
  }

  @Test
  void the_start_line_masks_secrets() throws Exception {
    AdapterSettings s =
        resolve(
            "jdbc:postgresql://db/msgstore?user=app&password=hunter2",
            "app",
            "s3cret",
            "/data",
            20_000,
            Map.of());
    String line = s.toString();
    assertFalse(line.contains("hunter2"), line);
    assertFalse(line.contains("s3cret"), line);
    assertTrue(line.contains("jdbcPassword=****"), line);
    assertTrue(line.contains("lockTimeoutMs=20000"), line);
  }

  /** The adapter's settings with {@code dataSource} and the given others. */
  private static AdapterSettings resolveWithDataSource(
      String dataSource, String url, String user, String schema)
      throws ResourceAdapterInternalException {
    SettingValues values = new SettingValues(ConfigProperties.ADAPTER);
    values.set(ConfigProperties.DATA_SOURCE, dataSource);
    values.set(ConfigProperties.JDBC_URL, url);
    values.set(ConfigProperties.JDBC_USER, user);
    values.set(ConfigProperties.STORE_SCHEMA, schema);
    return AdapterSettings.resolve(values, system(Map.of("user.home", "/h")));
  }

  @Test
  void with_a_dataSource_the_store_is_in_it_in_the_msgstore_schema_and_not_embedded()
      throws Exception {
    AdapterSettings s = resolveWithDataSource("java:jboss/datasources/AppDS", "", "", "");
    assertTrue(s.sharesApplicationDataSource());
    assertFalse(s.embedded());
    assertEquals("java:jboss/datasources/AppDS", s.dataSource());
    assertEquals("msgstore", s.storeSchema());
    assertTrue(s.toString().contains("dataSource=java:jboss/datasources/AppDS"), s.toString());
  }

  @Test
  void with_a_jdbcUrl_the_store_schema_defaults_to_the_connections_own() throws Exception {
    AdapterSettings s = resolveWithDataSource("", "jdbc:postgresql://db/mail", "", "");
    assertFalse(s.sharesApplicationDataSource());
    assertEquals("", s.storeSchema());
    assertEquals(
        "mail_store",
        resolveWithDataSource("", "jdbc:postgresql://db/mail", "", "mail_store").storeSchema());
  }

  @Test
  void a_dataSource_together_with_jdbc_settings_is_refused_naming_both_with_MSGS1003() {
    ResourceAdapterInternalException e =
        assertThrows(
            ResourceAdapterInternalException.class,
            () ->
                resolveWithDataSource(
                    "jdbc/AppDS", "jdbc:postgresql://db/mail", "mailer", "msgstore"));
    assertTrue(e.getMessage().startsWith("MSGS1003"), e.getMessage());
    assertTrue(
        e.getMessage().contains("dataSource 'jdbc/AppDS' is set together with jdbcUrl, jdbcUser"),
        e.getMessage());
  }

  @Test
  void a_store_schema_that_is_not_a_lower_case_identifier_is_refused() {
    for (String bad : List.of("MsgStore", "mail-store", "1store", "a;drop")) {
      ResourceAdapterInternalException e =
          assertThrows(
              ResourceAdapterInternalException.class,
              () -> resolveWithDataSource("jdbc/AppDS", "", "", bad));
      assertTrue(e.getMessage().contains("storeSchema '" + bad + "'"), e.getMessage());
    }
  }
}
