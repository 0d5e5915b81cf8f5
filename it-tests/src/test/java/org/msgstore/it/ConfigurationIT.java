package org.msgstore.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.msgstore.it.scenario.EveryAdapterProperty;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The adapter as an administrator sees it in the management model: every config-property of the
 * rar's ra.xml is settable and takes effect, the pool's connection test passes and XA recovery is
 * on.
 */
@ExtendWith(ArquillianExtension.class)
@ServerSetup(FullyConfiguredAdapterSetup.class)
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
            management, Operations.createReadResourceOperation(Management.RESOURCE_ADAPTER, true));
    ModelNode definition =
        adapter.get("connection-definitions", MsgStoreAdapterSetup.POOL, "config-properties");

    TreeSet<String> settable = new TreeSet<>(declared.get("resourceadapter"));
    // Each refused together with a property this test sets (see EXCLUDED).
    settable.removeAll(EveryAdapterProperty.EXCLUDED);
    assertEquals(
        settable,
        new TreeSet<>(adapter.get("config-properties").keys()),
        "resource-adapter config-properties in the model vs ra.xml, but "
            + EveryAdapterProperty.EXCLUDED);
    assertEquals(
        new TreeSet<>(declared.get("connection-definition")),
        new TreeSet<>(definition.keys()),
        "connection-definition config-properties in the model vs ra.xml");
    FullyConfiguredAdapterSetup.ADAPTER_PROPERTIES.forEach(
        (name, value) ->
            assertEquals(value, adapter.get("config-properties", name, "value").asString(), name));
    FullyConfiguredAdapterSetup.CONNECTION_PROPERTIES.forEach(
        (name, value) -> assertEquals(value, definition.get(name, "value").asString(), name));
  }

  @Test
  @RunAsClient
  void test_connection_in_pool_returns_true() {
    ModelNode result =
        Management.execute(
            management,
            Operations.createOperation(
                "test-connection-in-pool", Management.CONNECTION_DEFINITION));
    assertTrue(result.get(0).asBoolean(), "test-connection-in-pool answered " + result);
  }

  @Test
  @RunAsClient
  void every_adapter_setting_from_the_model_reaches_the_started_adapter_with_the_password_masked() {
    String dataDir = Management.dataDirectory(management);
    List<String> log = Management.serverLog(management);
    String started = Management.lastAdapterStart(log);
    Path database = Path.of(dataDir, FullyConfiguredAdapterSetup.DATABASE);
    assertTrue(
        started.contains("jdbcUrl=jdbc:h2:file:" + database.resolve("store") + ";WRITE_DELAY=0"),
        started);
    assertTrue(started.contains("jdbcUser=" + FullyConfiguredAdapterSetup.JDBC_USER), started);
    assertTrue(started.contains("jdbcPassword=****"), started);
    assertTrue(started.contains("storeSchema=" + EveryAdapterProperty.STORE_SCHEMA), started);
    assertTrue(started.contains("storeDirectory=" + database), started);
    assertTrue(started.contains("embedded=false"), started);
    assertTrue(
        started.contains("lockTimeoutMs=" + FullyConfiguredAdapterSetup.LOCK_TIMEOUT_MS), started);
    assertEquals(
        List.of(),
        log.stream()
            .filter(line -> line.contains(FullyConfiguredAdapterSetup.JDBC_PASSWORD))
            .toList(),
        "server.log lines showing the jdbcPassword");
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
      assertEquals(FullyConfiguredAdapterSetup.DEFAULT_MAILBOX, store.mailbox());
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
