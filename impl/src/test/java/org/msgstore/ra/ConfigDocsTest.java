package org.msgstore.ra;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * ra.xml's config-properties and the README's settings table are exactly what {@link
 * ConfigPropertyDocs} writes from the model. After adding or changing a setting, rewrite both with
 * {@value #REWRITE}.
 */
class ConfigDocsTest {
  static final String REWRITE =
      "mvn -o -q -pl impl test -Dtest=ConfigDocsTest -Dmsgstore.writeConfigDocs=true";
  private static final Path RA_XML = Path.of("../rar/src/main/rar/META-INF/ra.xml");
  private static final Path README = Path.of("../README.md");

  @Test
  void ra_xml_config_properties_are_written_from_the_model() throws Exception {
    String xml = Files.readString(RA_XML);
    assertEquals(ConfigPropertyDocs.rewriteRaXml(xml), xml, "ra.xml differs; run " + REWRITE);
  }

  @Test
  void the_README_settings_table_is_written_from_the_model() throws Exception {
    String readme = Files.readString(README);
    assertEquals(
        ConfigPropertyDocs.rewriteReadme(readme), readme, "the README differs; run " + REWRITE);
  }

  /** Not a check: rewrites both files when asked to (see {@link #REWRITE}). */
  @Test
  @EnabledIfSystemProperty(named = "msgstore.writeConfigDocs", matches = "true")
  void rewrite_ra_xml_and_the_README_from_the_model() throws Exception {
    Files.writeString(RA_XML, ConfigPropertyDocs.rewriteRaXml(Files.readString(RA_XML)));
    Files.writeString(README, ConfigPropertyDocs.rewriteReadme(Files.readString(README)));
  }
}
