package org.msgstore.it.payara;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The adapter as a Payara administrator sees it after the README's asadmin recipe (run by {@link
 * PayaraDomain}): the pool pings, {@code asadmin get} lists the pool's and the adapter config's
 * settings, and the connector service keeps its default class-loading policy.
 */
@ExtendWith(PayaraDomain.class)
class AdminConfigurationIT {

  /** {@code asadmin get pattern} as name → value. */
  private static Map<String, String> get(String pattern) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String line : Asadmin.run("get", pattern).split("\\R")) {
      int eq = line.indexOf('=');
      if (eq > 0 && !line.startsWith("Command ")) {
        values.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return values;
  }

  @Test
  void ping_connection_pool_succeeds() {
    assertTrue(
        Asadmin.run("ping-connection-pool", PayaraDomain.POOL)
            .contains("Command ping-connection-pool executed successfully"));
  }

  @Test
  void asadmin_get_lists_the_connector_pool_with_its_transaction_support_and_property() {
    String prefix = "resources.connector-connection-pool." + PayaraDomain.POOL + ".";
    Map<String, String> pool = get(prefix + "*");
    assertEquals("XATransaction", pool.get(prefix + "transaction-support"), pool.toString());
    assertEquals(
        "org.msgstore.MessageStoreConnectionFactory",
        pool.get(prefix + "connection-definition-name"),
        pool.toString());
    assertEquals(PayaraDomain.RA_NAME, pool.get(prefix + "resource-adapter-name"), pool.toString());
    assertEquals("default", pool.get(prefix + "property.defaultMailbox"), pool.toString());
    assertEquals("20", pool.get(prefix + "max-pool-size"), pool.toString());
  }

  @Test
  void asadmin_get_lists_every_property_of_the_resource_adapter_config() {
    String prefix = "resources.resource-adapter-config." + PayaraDomain.RA_NAME + ".";
    Map<String, String> config = get(prefix + "*");
    for (String property : PayaraDomain.ADAPTER_PROPERTIES.split(":")) {
      String[] nv = property.split("=", 2);
      assertEquals(nv[1], config.get(prefix + "property." + nv[0]), config.toString());
    }
    assertEquals(PayaraDomain.RA_NAME, config.get(prefix + "resource-adapter-name"));
  }

  @Test
  void the_connector_resource_eis_MsgStore_uses_the_pool() {
    Map<String, String> resource = get("resources.connector-resource.eis/MsgStore.*");
    assertEquals(
        PayaraDomain.POOL,
        resource.get("resources.connector-resource.eis/MsgStore.pool-name"),
        resource.toString());
  }

  /** The ITs' wars reach the rar's classes through their resource-ref alone: no "global" needed. */
  @Test
  void the_connector_class_loading_policy_is_the_default_derived() {
    String key = "configs.config.server-config.connector-service.class-loading-policy";
    assertEquals("derived", get(key).get(key));
  }

  /**
   * Rule 21 (jca-notes §4): every resource-adapter-config property reaches the adapter. Payara
   * applied only some of them while ra.xml said metadata-complete="false" (the annotations'
   * defaults then competed with the configured values); the shipped ra.xml is metadata-complete.
   */
  @Test
  void every_resource_adapter_config_property_reaches_the_adapter() throws IOException {
    List<String> started =
        Files.readAllLines(PayaraDomain.serverLog()).stream()
            .filter(l -> l.contains("MSGS1001"))
            .toList();
    assertTrue(!started.isEmpty(), "no MSGS1001 in " + PayaraDomain.serverLog());
    String last = started.get(started.size() - 1);
    assertTrue(last.contains("enabled=false"), last);
    assertTrue(last.contains("retryMinMs=3600000"), last);
    assertTrue(last.contains("node=payara-it"), last);
  }
}
