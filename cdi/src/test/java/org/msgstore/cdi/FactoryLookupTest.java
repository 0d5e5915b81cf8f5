package org.msgstore.cdi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.msgstore.MapiError;
import org.msgstore.MapiException;
import org.msgstore.MessageStoreConnectionFactory;

class FactoryLookupTest {
  final Map<String, Object> bound = new HashMap<>();
  final MessageStoreConnectionFactory factory = Fakes.factory(new Fakes.Handles());

  FactoryLookup lookup(String configured) {
    return new FactoryLookup(bound::get, () -> Optional.ofNullable(configured));
  }

  @Test
  void without_a_setting_the_resource_ref_then_wildflys_then_payaras_name_is_tried() {
    assertEquals(
        List.of("java:comp/env/eis/MsgStore", "java:/eis/MsgStore", "eis/MsgStore"),
        FactoryName.DEFAULTS);
    bound.put("eis/MsgStore", factory);
    assertSame(factory, lookup(null).factory());
    bound.put("java:/eis/MsgStore", Fakes.factory(new Fakes.Handles()));
    assertSame(bound.get("java:/eis/MsgStore"), lookup(null).factory());
  }

  @Test
  void the_configured_name_is_the_only_one_looked_up() {
    bound.put("java:/eis/MsgStore", factory);
    MapiException e = assertThrows(MapiException.class, () -> lookup("java:/eis/Other").factory());
    assertEquals(MapiError.MAPI_E_UNCONFIGURED, e.error());
    assertTrue(e.getMessage().contains("java:/eis/Other"), e.getMessage());
    assertTrue(e.getMessage().contains(FactoryName.PROPERTY), e.getMessage());
    bound.put("java:/eis/Other", factory);
    assertSame(factory, lookup("java:/eis/Other").factory());
  }

  @Test
  void a_configured_name_bound_to_something_else_is_refused_naming_what_is_there() {
    bound.put("java:/jdbc/Orders", "a datasource");
    MapiException e =
        assertThrows(MapiException.class, () -> lookup("java:/jdbc/Orders").factory());
    assertTrue(e.getMessage().contains("java.lang.String"), e.getMessage());
  }

  @Test
  void with_nothing_bound_the_message_names_every_name_tried_and_the_setting() {
    MapiException e = assertThrows(MapiException.class, () -> lookup(null).factory());
    for (String name : FactoryName.DEFAULTS) {
      assertTrue(e.getMessage().contains(name), e.getMessage());
    }
    assertTrue(e.getMessage().contains(FactoryName.PROPERTY), e.getMessage());
  }

  @Test
  void a_factory_found_once_is_looked_up_again_at_each_use_so_a_redeployed_adapter_is_seen() {
    bound.put("eis/MsgStore", factory);
    FactoryLookup lookup = lookup(null);
    lookup.factory();
    MessageStoreConnectionFactory redeployed = Fakes.factory(new Fakes.Handles());
    bound.put("eis/MsgStore", redeployed);
    assertSame(redeployed, lookup.factory());
  }

  @Test
  void a_blank_setting_counts_as_none() {
    System.setProperty(FactoryName.PROPERTY, "  ");
    try {
      assertEquals(Optional.empty(), FactoryName.configured());
      System.setProperty(FactoryName.PROPERTY, " java:/eis/Other ");
      assertEquals(Optional.of("java:/eis/Other"), FactoryName.configured());
    } finally {
      System.clearProperty(FactoryName.PROPERTY);
    }
  }
}
