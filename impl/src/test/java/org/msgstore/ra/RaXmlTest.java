package org.msgstore.ra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.resource.spi.ConfigProperty;
import jakarta.resource.spi.ConnectionDefinition;
import jakarta.resource.spi.Connector;
import jakarta.resource.spi.TransactionSupport;
import java.beans.Introspector;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The packaged ra.xml and the annotations describe the same adapter: every @ConfigProperty of the
 * resource adapter and the connection definition is listed with the same type, default and
 * confidentiality, so what the consoles show cannot drift from the code.
 */
class RaXmlTest {
  private static final Path RA_XML = Path.of("../rar/src/main/rar/META-INF/ra.xml");
  private static Element resourceAdapter;
  private static Element connectionDefinition;
  private static Element outbound;

  @BeforeAll
  static void parse() throws Exception {
    assertTrue(Files.isRegularFile(RA_XML), RA_XML.toAbsolutePath() + " is missing");
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    Document doc = f.newDocumentBuilder().parse(RA_XML.toFile());
    resourceAdapter = child(doc.getDocumentElement(), "resourceadapter");
    outbound = child(resourceAdapter, "outbound-resourceadapter");
    connectionDefinition = child(outbound, "connection-definition");
  }

  private static Element child(Element parent, String name) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getLocalName().equals(name)) {
        return e;
      }
    }
    throw new AssertionError("<" + parent.getLocalName() + "> has no <" + name + ">");
  }

  private static String text(Element parent, String name) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getLocalName().equals(name)) {
        return e.getTextContent().trim();
      }
    }
    return null;
  }

  /** The config-property children of {@code parent} by name. */
  private static Map<String, Element> properties(Element parent) {
    Map<String, Element> byName = new LinkedHashMap<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getLocalName().equals("config-property")) {
        byName.put(text(e, "config-property-name"), e);
      }
    }
    return byName;
  }

  /** The @ConfigProperty setters of {@code type} by property name. */
  private static Map<String, Method> annotatedSetters(Class<?> type) {
    return Arrays.stream(type.getMethods())
        .filter(m -> m.isAnnotationPresent(ConfigProperty.class))
        .collect(
            Collectors.toMap(
                m -> Introspector.decapitalize(m.getName().substring(3)), m -> m, (a, b) -> a));
  }

  private static void assertListed(Class<?> type, Element parent) {
    Map<String, Method> setters = annotatedSetters(type);
    Map<String, Element> listed = properties(parent);
    assertFalse(setters.isEmpty(), type + " has no @ConfigProperty");
    assertEquals(setters.keySet(), listed.keySet(), type.getSimpleName() + " properties vs ra.xml");
    for (var entry : setters.entrySet()) {
      Method setter = entry.getValue();
      ConfigProperty annotation = setter.getAnnotation(ConfigProperty.class);
      Element xml = listed.get(entry.getKey());
      String name = entry.getKey();
      assertTrue(setter.getName().startsWith("set") && setter.getParameterCount() == 1, name);
      assertEquals(
          setter.getParameterTypes()[0].getName(), text(xml, "config-property-type"), name);
      assertEquals(annotation.type(), setter.getParameterTypes()[0], name);
      String xmlDefault = text(xml, "config-property-value");
      assertEquals(
          annotation.defaultValue(), xmlDefault == null ? "" : xmlDefault, name + " default");
      assertEquals(
          annotation.confidential(),
          "true".equals(text(xml, "config-property-confidential")),
          name + " confidential");
      String description = text(xml, "description");
      assertTrue(description != null && !description.isBlank(), name + " has no description");
      assertEquals(annotation.description()[0], description, name + " description");
    }
  }

  @Test
  void every_resource_adapter_config_property_is_listed_in_ra_xml() {
    assertEquals(
        MsgStoreResourceAdapter.class.getName(), text(resourceAdapter, "resourceadapter-class"));
    assertListed(MsgStoreResourceAdapter.class, resourceAdapter);
  }

  @Test
  void every_connection_definition_config_property_is_listed_in_ra_xml() {
    assertListed(MsgStoreManagedConnectionFactory.class, connectionDefinition);
  }

  @Test
  void ra_xml_declares_XATransaction_like_the_Connector_annotation() {
    assertEquals("XATransaction", text(outbound, "transaction-support"));
    assertEquals(
        TransactionSupport.TransactionSupportLevel.XATransaction,
        MsgStoreResourceAdapter.class.getAnnotation(Connector.class).transactionSupport());
    assertEquals("false", text(outbound, "reauthentication-support"));
  }

  @Test
  void ra_xml_names_the_same_connection_classes_as_the_ConnectionDefinition_annotation() {
    ConnectionDefinition def =
        MsgStoreManagedConnectionFactory.class.getAnnotation(ConnectionDefinition.class);
    assertEquals(
        MsgStoreManagedConnectionFactory.class.getName(),
        text(connectionDefinition, "managedconnectionfactory-class"));
    assertEquals(
        def.connectionFactory().getName(),
        text(connectionDefinition, "connectionfactory-interface"));
    assertEquals(
        def.connectionFactoryImpl().getName(),
        text(connectionDefinition, "connectionfactory-impl-class"));
    assertEquals(def.connection().getName(), text(connectionDefinition, "connection-interface"));
    assertEquals(
        def.connectionImpl().getName(), text(connectionDefinition, "connection-impl-class"));
  }
}
