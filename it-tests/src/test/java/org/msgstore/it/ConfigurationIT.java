package org.msgstore.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.annotation.Resource;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.zip.ZipFile;
import javax.xml.parsers.DocumentBuilderFactory;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.api.ServerSetup;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.as.controller.client.helpers.Operations;
import org.jboss.dmr.ModelNode;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.msgstore.MessageStoreConnection;
import org.msgstore.MessageStoreConnectionFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The adapter as an administrator sees it in the management model: every config-property of the
 * rar's ra.xml is settable and takes effect, the pool's connection test passes and XA recovery is
 * on.
 */
@ExtendWith(ArquillianExtension.class)
@ServerSetup(MsgStoreAdapterSetup.class)
class ConfigurationIT {
  private static final String CONNECTOR_NS = "https://jakarta.ee/xml/ns/jakartaee";

  @Deployment(name = "app")
  static WebArchive app() {
    return Deployments.app("configuration-it", ConfigurationIT.class);
  }

  @ArquillianResource private ManagementClient management;

  @Resource(lookup = MsgStoreAdapterSetup.JNDI_NAME)
  private MessageStoreConnectionFactory factory;

  @Test
  @RunAsClient
  void every_config_property_declared_in_ra_xml_is_set_in_the_management_model() throws Exception {
    Map<String, List<String>> declared = declaredConfigProperties(MsgStoreAdapterSetup.rarFile());
    ModelNode adapter =
        Management.execute(
            management,
            Operations.createReadResourceOperation(Management.RESOURCE_ADAPTER, true));
    ModelNode definition =
        adapter.get("connection-definitions", MsgStoreAdapterSetup.POOL, "config-properties");

    assertEquals(
        new TreeSet<>(declared.get("resourceadapter")),
        new TreeSet<>(adapter.get("config-properties").keys()),
        "resource-adapter config-properties in the model vs ra.xml");
    assertEquals(
        new TreeSet<>(declared.get("connection-definition")),
        new TreeSet<>(definition.keys()),
        "connection-definition config-properties in the model vs ra.xml");
    MsgStoreAdapterSetup.ADAPTER_PROPERTIES.forEach(
        (name, value) ->
            assertEquals(
                value, adapter.get("config-properties", name, "value").asString(), name));
    MsgStoreAdapterSetup.CONNECTION_PROPERTIES.forEach(
        (name, value) -> assertEquals(value, definition.get(name, "value").asString(), name));
  }

  @Test
  @RunAsClient
  void test_connection_in_pool_returns_true() {
    ModelNode result =
        Management.execute(
            management,
            Operations.createOperation("test-connection-in-pool", Management.CONNECTION_DEFINITION));
    assertTrue(result.get(0).asBoolean(), "test-connection-in-pool answered " + result);
  }

  @Test
  @RunAsClient
  void empty_database_settings_start_the_embedded_store_under_the_server_data_directory_with_the_configured_lock_timeout() {
    String dataDir =
        Management.execute(
                management,
                Operations.createReadAttributeOperation(
                    Operations.createAddress("path", "jboss.server.data.dir"), "path"))
            .asString();
    List<String> started =
        Management.serverLog(management).stream()
            .filter(line -> line.contains("MSGS1001"))
            .toList();
    assertFalse(started.isEmpty(), "no MSGS1001 (adapter started) line in server.log");
    String last = started.get(started.size() - 1);
    assertTrue(last.contains("embedded=true"), last);
    assertTrue(last.contains("storeDirectory=" + Path.of(dataDir, "msgstore")), last);
    assertTrue(last.contains("lockTimeoutMs=" + MsgStoreAdapterSetup.LOCK_TIMEOUT_MS), last);
  }

  @Test
  @RunAsClient
  void the_server_log_has_no_IJ020016_because_xa_recovery_is_configured() {
    List<String> warnings =
        Management.serverLog(management).stream()
            .filter(line -> line.contains("IJ020016") || line.contains("IJ000905"))
            .toList();
    assertEquals(List.of(), warnings);
  }

  @Test
  @OperateOnDeployment("app")
  void getConnection_without_a_mailbox_opens_the_defaultMailbox_set_in_the_model() {
    try (MessageStoreConnection store = factory.getConnection()) {
      assertEquals(MsgStoreAdapterSetup.DEFAULT_MAILBOX, store.mailbox());
    }
  }

  /**
   * Config-property names of ra.xml inside the built rar, keyed "resourceadapter" (direct children
   * of the resourceadapter element) and "connection-definition".
   */
  static Map<String, List<String>> declaredConfigProperties(Path rar) throws Exception {
    Document raXml;
    try (ZipFile zip = new ZipFile(rar.toFile());
        InputStream in = zip.getInputStream(zip.getEntry("META-INF/ra.xml"))) {
      DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
      dbf.setNamespaceAware(true);
      raXml = dbf.newDocumentBuilder().parse(in);
    }
    Map<String, List<String>> declared = new LinkedHashMap<>();
    declared.put("resourceadapter", new ArrayList<>());
    declared.put("connection-definition", new ArrayList<>());
    var properties = raXml.getElementsByTagNameNS(CONNECTOR_NS, "config-property");
    for (int i = 0; i < properties.getLength(); i++) {
      Element property = (Element) properties.item(i);
      Node parent = property.getParentNode();
      String owner = parent.getLocalName();
      if (!declared.containsKey(owner)) {
        continue; // activation-spec or admin-object properties are not part of the outbound model
      }
      String name =
          property
              .getElementsByTagNameNS(CONNECTOR_NS, "config-property-name")
              .item(0)
              .getTextContent()
              .trim();
      declared.get(owner).add(name);
    }
    return declared;
  }
}
