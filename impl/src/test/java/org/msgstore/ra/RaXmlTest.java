package org.msgstore.ra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.resource.spi.AuthenticationMechanism;
import jakarta.resource.spi.ConnectionDefinition;
import jakarta.resource.spi.Connector;
import jakarta.resource.spi.TransactionSupport;
import java.beans.Introspector;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.msgstore.config.ConfigProperties;
import org.msgstore.config.Setting;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The packaged ra.xml describes the adapter the code defines: every setting of {@link
 * ConfigProperties} is listed at its level with the same type, default, confidentiality and
 * description, and has its JavaBean getter and setter, so what the consoles show cannot drift from
 * the code. ra.xml is metadata-complete, so the containers read it, not annotations.
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

  /**
   * ra.xml lists exactly {@code settings}, in their order, each with the model's type, default,
   * confidentiality and description; {@code type} has the JavaBean getter and setter of each, and
   * no other config setter. A missing element is printed ready to paste.
   */
  private static void assertListed(Class<?> type, List<Setting<?>> settings, Element parent) {
    Map<String, Element> listed = properties(parent);
    assertFalse(settings.isEmpty(), type + " has no config-property");
    List<String> names = settings.stream().map(Setting::name).toList();
    assertEquals(
        names,
        List.copyOf(listed.keySet()),
        () ->
            type.getSimpleName()
                + " properties vs ra.xml; the model's elements are:\n"
                + settings.stream()
                    .filter(s -> !listed.containsKey(s.name()))
                    .map(ConfigPropertyDocs::raXmlElement)
                    .collect(Collectors.joining()));
    for (Setting<?> setting : settings) {
      String name = setting.name();
      Element xml = listed.get(name);
      assertEquals(setting.type().getName(), text(xml, "config-property-type"), name);
      String xmlDefault = text(xml, "config-property-value");
      assertEquals(setting.defaultText(), xmlDefault == null ? "" : xmlDefault, name + " default");
      assertEquals(
          setting.isConfidential(),
          "true".equals(text(xml, "config-property-confidential")),
          name + " confidential");
      String description = text(xml, "description");
      assertTrue(description != null && !description.isBlank(), name + " has no description");
      assertEquals(setting.description(), description, name + " description");
      assertJavaBeanProperty(type, setting);
    }
    Set<String> configSetters =
        Arrays.stream(type.getMethods())
            .filter(m -> m.getName().startsWith("set") && m.getParameterCount() == 1)
            .filter(m -> !CONTAINER_SETTERS.contains(m.getName()))
            .map(m -> Introspector.decapitalize(m.getName().substring(3)))
            .collect(Collectors.toSet());
    assertEquals(Set.copyOf(names), configSetters, type.getSimpleName() + " setters vs the model");
  }

  /** Setters of the Connectors interfaces, not config-properties. */
  private static final Set<String> CONTAINER_SETTERS = Set.of("setLogWriter", "setResourceAdapter");

  /** The container sets a property through {@code setName(Type)} and reads {@code getName()}. */
  private static void assertJavaBeanProperty(Class<?> type, Setting<?> setting) {
    String suffix = Character.toUpperCase(setting.name().charAt(0)) + setting.name().substring(1);
    try {
      Method setter = type.getMethod("set" + suffix, setting.type());
      Method getter = type.getMethod("get" + suffix);
      assertEquals(void.class, setter.getReturnType(), setter.getName());
      assertEquals(setting.type(), getter.getReturnType(), getter.getName());
    } catch (NoSuchMethodException e) {
      throw new AssertionError(
          type.getSimpleName()
              + " lacks the JavaBean property "
              + setting.name()
              + " ("
              + setting.type().getSimpleName()
              + "): "
              + e.getMessage());
    }
  }

  @Test
  void every_resource_adapter_config_property_is_listed_in_ra_xml() {
    assertEquals(
        MsgStoreResourceAdapter.class.getName(), text(resourceAdapter, "resourceadapter-class"));
    assertListed(MsgStoreResourceAdapter.class, ConfigProperties.ADAPTER, resourceAdapter);
  }

  @Test
  void every_connection_definition_config_property_is_listed_in_ra_xml() {
    assertListed(
        MsgStoreManagedConnectionFactory.class,
        ConfigProperties.CONNECTION_DEFINITION,
        connectionDefinition);
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
  void ra_xml_declares_BasicPassword_sign_on_like_the_Connector_annotation() {
    Element mechanism = child(outbound, "authentication-mechanism");
    assertEquals("BasicPassword", text(mechanism, "authentication-mechanism-type"));
    assertEquals(
        "jakarta.resource.spi.security.PasswordCredential",
        text(mechanism, "credential-interface"));
    AuthenticationMechanism[] annotated =
        MsgStoreResourceAdapter.class.getAnnotation(Connector.class).authMechanisms();
    assertEquals(1, annotated.length);
    assertEquals("BasicPassword", annotated[0].authMechanism());
    assertEquals(
        AuthenticationMechanism.CredentialInterface.PasswordCredential,
        annotated[0].credentialInterface());
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
