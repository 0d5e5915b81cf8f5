package org.msgstore.ra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.resource.spi.ResourceAdapterInternalException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.msgstore.config.ConfigProperties;
import org.msgstore.config.Scope;
import org.msgstore.config.Setting;
import org.msgstore.config.SettingValues;

/**
 * Adding a setting is one definition: two settings that exist only in this test, a spooler number
 * and a confidential transport token, are validated with the adapter's others in one MSGS1003,
 * shown (masked) in the start line, handed to the transports, compared by equals, and described for
 * ra.xml and the README, without a line of code elsewhere.
 */
class AddingASettingTest {
  static final Setting<Integer> WIDGETS =
      Setting.integer(Scope.SPOOLER, "spoolerWidgets", 3, 1, 9, "Widgets per round (1..9).");
  static final Setting<String> TOKEN =
      Setting.text(Scope.TRANSPORT, "smtpToken", "", "SMTP token.").confidential();

  private static SettingValues withNewSettings() {
    List<Setting<?>> definitions = new ArrayList<>(ConfigProperties.ADAPTER);
    definitions.add(WIDGETS);
    definitions.add(TOKEN);
    SettingValues values = new SettingValues(definitions);
    values.set(ConfigProperties.STORE_DIRECTORY, "/data/msgstore");
    values.set(ConfigProperties.NODE_NAME, "node-1");
    return values;
  }

  @Test
  void a_new_settings_range_is_checked_with_every_other_problem_in_one_MSGS1003() {
    SettingValues values = withNewSettings();
    values.set(WIDGETS, 0);
    values.set(ConfigProperties.LOCK_TIMEOUT_MS, 0);

    ResourceAdapterInternalException e =
        assertThrows(
            ResourceAdapterInternalException.class,
            () -> AdapterSettings.resolve(values, Map.<String, String>of()::get));

    String m = e.getMessage();
    assertTrue(m.startsWith(RaLog.INVALID_CONFIGURATION.id()), m);
    assertTrue(m.contains("2 problems"), m);
    assertTrue(m.contains("spoolerWidgets=0 is out of range; use 1..9 (default 3)"), m);
    assertTrue(m.contains("lockTimeoutMs=0 is out of range; use 1..3600000 (default 10000)"), m);
  }

  @Test
  void a_new_setting_shows_in_the_start_line_masked_when_confidential_and_reaches_the_transports()
      throws Exception {
    SettingValues values = withNewSettings();
    values.set(WIDGETS, 7);
    values.set(TOKEN, "t0ken-s3cret");

    AdapterSettings settings = AdapterSettings.resolve(values, Map.<String, String>of()::get);

    String line = settings.toString();
    assertTrue(line.contains("spoolerWidgets=7"), line);
    assertTrue(line.contains("smtpToken=****"), line);
    assertFalse(line.contains("t0ken-s3cret"), line);
    assertEquals("t0ken-s3cret", settings.spooler().transportSettings().get("smtpToken"));
  }

  @Test
  void a_new_setting_takes_part_in_equals_and_hashCode() {
    SettingValues a = withNewSettings();
    SettingValues b = withNewSettings();
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());

    b.set(WIDGETS, 5);
    assertNotEquals(a, b);
    a.set(WIDGETS, 5);
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
  }

  @Test
  void a_new_setting_is_written_into_ra_xml_and_the_README_from_its_definition() throws Exception {
    List<Setting<?>> definitions = new ArrayList<>(ConfigProperties.ALL);
    definitions.add(definitions.indexOf(ConfigProperties.NODE_NAME) + 1, WIDGETS);
    definitions.add(definitions.indexOf(ConfigProperties.LOCAL_DOMAINS) + 1, TOKEN);

    String xml =
        ConfigPropertyDocs.rewriteRaXml(
            Files.readString(Path.of("../rar/src/main/rar/META-INF/ra.xml")), definitions);
    String readme =
        ConfigPropertyDocs.rewriteReadme(Files.readString(Path.of("../README.md")), definitions);

    assertTrue(
        xml.contains(
            """
                  <config-property-name>nodeName</config-property-name>
                  <config-property-type>java.lang.String</config-property-type>
                </config-property>
                <config-property>
                  <description>Widgets per round (1..9).</description>
                  <config-property-name>spoolerWidgets</config-property-name>
                  <config-property-type>java.lang.Integer</config-property-type>
                  <config-property-value>3</config-property-value>
                </config-property>
            """),
        xml);
    assertTrue(
        xml.contains(
            """
                <config-property>
                  <description>SMTP token.</description>
                  <config-property-name>smtpToken</config-property-name>
                  <config-property-type>java.lang.String</config-property-type>
                  <config-property-confidential>true</config-property-confidential>
                </config-property>
            """),
        xml);
    assertTrue(
        readme.contains(
            "| `spoolerWidgets` | adapter | Integer | `3` | Widgets per round (1..9). |\n"
                + "| `smtpHost` |"),
        readme);
    assertTrue(
        readme.contains("| `smtpToken` | adapter | String | (empty) | SMTP token. Confidential. |"),
        readme);
  }
}
