package org.msgstore.it.payara;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.msgstore.it.scenario.EveryAdapterProperty;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Every config-property the rar's ra.xml declares, as the administrator sees and sets it: with each
 * adapter-level property set by {@code create-resource-adapter-config} ({@link
 * FullyConfiguredAdapter}) and the connection-definition property by {@code
 * create-connector-connection-pool}, {@code asadmin get} lists each one with its value, and the
 * adapter starts with each (its MSGS1001 line), passwords masked. The list comes from ra.xml in the
 * rar itself, so a new property without a test fails here.
 */
@ExtendWith({PayaraDomain.class, FullyConfiguredAdapter.class})
class EveryPropertyIT {

  @Test
  void asadmin_get_lists_every_adapter_property_of_ra_xml_with_its_value() throws Exception {
    String prefix = "resources.resource-adapter-config." + PayaraDomain.RA_NAME + ".property.";
    Map<String, String> listed = get(prefix + "*", prefix);
    List<String> declared = raXmlProperties("resourceadapter");
    assertEquals(52, declared.size(), "adapter config-properties in ra.xml: " + declared);
    List<String> settable =
        declared.stream().filter(name -> !EveryAdapterProperty.EXCLUDED.contains(name)).toList();
    assertEquals(
        settable,
        List.copyOf(FullyConfiguredAdapter.PROPERTIES.keySet()),
        "the test sets each but " + EveryAdapterProperty.EXCLUDED);
    for (String name : settable) {
      assertEquals(
          FullyConfiguredAdapter.PROPERTIES.get(name), listed.get(name), name + " in " + listed);
    }
  }

  @Test
  void asadmin_get_lists_every_connection_definition_property_of_ra_xml_on_the_pool()
      throws Exception {
    String prefix = "resources.connector-connection-pool." + PayaraDomain.POOL + ".property.";
    Map<String, String> listed = get(prefix + "*", prefix);
    List<String> declared = raXmlProperties("connection-definition");
    assertEquals(
        List.of(
            "defaultMailbox",
            "allowedMailboxes",
            "createMailboxes",
            "allowedSenders",
            "mailboxFromCaller"),
        declared);
    // Every one the pool sets (PayaraDomain: all but allowedSenders, which keeps it open).
    java.util.TreeSet<String> set = new java.util.TreeSet<>(declared);
    set.remove("allowedSenders");
    assertEquals(set, new java.util.TreeSet<>(listed.keySet()), listed.toString());
    assertEquals("default", listed.get("defaultMailbox"));
    assertEquals("*", listed.get("allowedMailboxes"));
  }

  @Test
  void the_adapter_starts_with_every_property_and_masks_the_passwords() throws Exception {
    List<String> started =
        Payara.INSTANCE.serverLog().stream().filter(l -> l.contains("MSGS1001")).toList();
    String last = started.get(started.size() - 1);
    for (String shown :
        List.of(
            "jdbcUrl=" + FullyConfiguredAdapter.PROPERTIES.get("jdbcUrl"),
            "jdbcUser=msgstore",
            "storeSchema=" + EveryAdapterProperty.STORE_SCHEMA,
            "lockTimeoutMs=5000",
            "enabled=false",
            "threads=2",
            "node=payara-configured",
            "pollIntervalMs=60000",
            "leaseMs=120000",
            "batchSize=10",
            "retryMinMs=60000",
            "retryMaxMs=3600000",
            "maxQueueLifetimeMs=86400000")) {
      assertTrue(last.contains(shown), shown + " not in " + last);
    }
    assertFalse(last.contains(FullyConfiguredAdapter.JDBC_PASSWORD), last);
    assertFalse(last.contains(FullyConfiguredAdapter.SMTP_PASSWORD), last);
  }

  /** {@code asadmin get pattern} as name (without {@code prefix}) → value. */
  private static Map<String, String> get(String pattern, String prefix) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String line : Asadmin.run("get", pattern).split("\\R")) {
      int eq = line.indexOf('=');
      if (line.startsWith(prefix) && eq > 0) {
        values.put(line.substring(prefix.length(), eq), line.substring(eq + 1));
      }
    }
    return values;
  }

  /**
   * The config-property names declared directly in the first {@code element} of the rar's ra.xml.
   */
  private static List<String> raXmlProperties(String element) throws Exception {
    Path rar = Path.of(System.getProperty("msgstore.rar", "target/msgstore.rar"));
    Document raXml;
    try (ZipFile zip = new ZipFile(rar.toFile());
        InputStream in = zip.getInputStream(zip.getEntry("META-INF/ra.xml"))) {
      raXml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read ra.xml from " + rar, e);
    }
    Element parent = (Element) raXml.getElementsByTagName(element).item(0);
    List<String> names = new ArrayList<>();
    NodeList children = parent.getChildNodes();
    for (int i = 0; i < children.getLength(); i++) {
      Node child = children.item(i);
      if (child instanceof Element e && e.getTagName().equals("config-property")) {
        names.add(e.getElementsByTagName("config-property-name").item(0).getTextContent().trim());
      }
    }
    return names;
  }
}
