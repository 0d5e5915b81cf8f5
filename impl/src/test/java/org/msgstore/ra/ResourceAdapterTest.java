package org.msgstore.ra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.resource.NotSupportedException;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.ResourceAdapterInternalException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.msgstore.MapiError;
import org.msgstore.MapiException;
import org.msgstore.MessageStoreConnection;
import org.msgstore.MessageStoreConnectionFactory;
import org.msgstore.config.ConfigProperties;
import org.msgstore.config.Setting;

class ResourceAdapterTest {
  @Test
  void start_with_invalid_configuration_fails_with_every_problem_listed() {
    MsgStoreResourceAdapter ra = new MsgStoreResourceAdapter();
    ra.setJdbcUrl("jdbc:h2:file:/tmp/x;WRITE_DELAY=1000");
    ra.setLockTimeoutMs(0);
    ResourceAdapterInternalException e =
        assertThrows(
            ResourceAdapterInternalException.class,
            () -> ra.start(FakeBootstrapContext.withNarayana()));
    assertTrue(e.getMessage().contains("2 problems"), e.getMessage());
  }

  @Test
  void settings_are_frozen_while_the_adapter_runs() throws Exception {
    try (AdapterFixture adapter = AdapterFixture.start("frozen")) {
      adapter.ra.setStoreDirectory(adapter.directory.toString()); // same value: accepted
      IllegalStateException e =
          assertThrows(IllegalStateException.class, () -> adapter.ra.setLockTimeoutMs(5));
      assertTrue(e.getMessage().contains("lockTimeoutMs"), e.getMessage());
      adapter.ra.stop();
      adapter.ra.setLockTimeoutMs(5);
      assertEquals(5, adapter.ra.getLockTimeoutMs());
    }
  }

  @Test
  void the_priority_head_start_is_the_stores_from_start_and_one_hour_by_default() throws Exception {
    try (AdapterFixture adapter = AdapterFixture.start("lanes")) {
      assertEquals(Duration.ofHours(1), adapter.ra.store().claimRank().headStart());
      adapter.ra.stop();
      adapter.ra.setPriorityHeadStartMs(0);
      adapter.ra.start(FakeBootstrapContext.withNarayana());
      assertEquals(Duration.ZERO, adapter.ra.store().claimRank().headStart());
    }
  }

  @Test
  void an_activation_spec_that_is_not_for_NewMailListener_is_refused_with_NotSupportedException()
      throws Exception {
    MsgStoreResourceAdapter ra = new MsgStoreResourceAdapter();
    NotSupportedException e =
        assertThrows(NotSupportedException.class, () -> ra.endpointActivation(null, null));
    assertTrue(e.getMessage().contains("NewMailListener"), e.getMessage());
    assertEquals(0, ra.getXAResources(new ActivationSpec[0]).length);
  }

  @Test
  void a_connection_definition_without_a_started_adapter_fails_clearly_at_first_connection() {
    MsgStoreManagedConnectionFactory mcf = new MsgStoreManagedConnectionFactory();
    // Creating the factory opens nothing, so it works even before the adapter is there.
    MessageStoreConnectionFactory factory =
        (MessageStoreConnectionFactory) mcf.createConnectionFactory();

    MapiException e = assertThrows(MapiException.class, factory::getConnection);
    assertEquals(MapiError.MAPI_E_CALL_FAILED, e.error());
    assertTrue(e.getMessage().contains("is not running"), e.getMessage());
    ResourceException r =
        assertThrows(ResourceException.class, () -> mcf.createManagedConnection(null, null));
    assertTrue(r.getMessage().contains(RaLog.NOT_ASSOCIATED.id()), r.getMessage());
  }

  @Test
  void after_stop_no_new_managed_connection_is_made() throws Exception {
    AdapterFixture adapter = AdapterFixture.start("stopped");
    adapter.close();
    assertThrows(ResourceException.class, () -> adapter.mcf.createManagedConnection(null, null));
  }

  @Test
  void the_unmanaged_factory_commits_each_call_and_releases_the_physical_connection_on_close()
      throws Exception {
    try (AdapterFixture adapter = AdapterFixture.start("unmanaged")) {
      MessageStoreConnectionFactory plain =
          (MessageStoreConnectionFactory) adapter.mcf.createConnectionFactory();
      ConnectionHandle h = (ConnectionHandle) plain.getConnection("alice");
      var physical = h.jdbc();
      AdapterFixture.saveToOutbox(h, "unmanaged");
      h.close();

      assertTrue(physical.isClosed());
      assertEquals(List.of("unmanaged"), adapter.outboxSubjects("alice"));
    }
  }

  @Test
  void getConnection_uses_the_configured_default_mailbox() throws Exception {
    try (AdapterFixture adapter = AdapterFixture.start("default-mailbox")) {
      adapter.mcf.setDefaultMailbox("orders");
      try (MessageStoreConnection c = adapter.factory.getConnection()) {
        assertEquals("orders", c.mailbox());
      }
    }
  }

  @Test
  void getConnection_refuses_an_invalid_mailbox_name_with_MAPI_E_INVALID_PARAMETER()
      throws Exception {
    try (AdapterFixture adapter = AdapterFixture.start("mailbox-names")) {
      for (String bad : new String[] {null, "", "x".repeat(256), "bad\nname", "tab\tname"}) {
        MapiException e =
            assertThrows(
                MapiException.class, () -> adapter.factory.getConnection(bad), String.valueOf(bad));
        assertEquals(MapiError.MAPI_E_INVALID_PARAMETER, e.error());
      }
      adapter.mcf.setDefaultMailbox("");
      assertEquals(
          MapiError.MAPI_E_INVALID_PARAMETER,
          assertThrows(MapiException.class, adapter.factory::getConnection).error());
      assertEquals(0, adapter.cm.created.size(), "refused before any connection was allocated");
      try (MessageStoreConnection c = adapter.factory.getConnection("x".repeat(255))) {
        assertEquals(255, c.mailbox().length());
      }
    }
  }

  @Test
  void resource_adapters_are_equal_exactly_when_their_configuration_is() {
    MsgStoreResourceAdapter a = new MsgStoreResourceAdapter();
    MsgStoreResourceAdapter b = new MsgStoreResourceAdapter();
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    b.setJdbcPassword("secret");
    assertNotEquals(a, b);
    a.setJdbcPassword("secret");
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
  }

  @Test
  void every_config_property_set_through_its_setter_is_read_back_and_takes_part_in_equals()
      throws Exception {
    for (Setting<?> setting : ConfigProperties.ADAPTER) {
      String suffix = Character.toUpperCase(setting.name().charAt(0)) + setting.name().substring(1);
      Object other = otherThanDefault(setting);
      MsgStoreResourceAdapter a = new MsgStoreResourceAdapter();
      MsgStoreResourceAdapter b = new MsgStoreResourceAdapter();
      b.getClass().getMethod("set" + suffix, setting.type()).invoke(b, other);

      assertEquals(other, b.getClass().getMethod("get" + suffix).invoke(b), setting.name());
      assertNotEquals(a, b, setting.name());
    }
  }

  private static Object otherThanDefault(Setting<?> setting) {
    Object d = setting.defaultValue();
    if (d instanceof Integer i) {
      return i + 1;
    }
    if (d instanceof Long l) {
      return l + 1;
    }
    if (d instanceof Boolean flag) {
      return !flag;
    }
    return d + "-changed";
  }
}
