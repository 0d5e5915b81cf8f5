package org.msgstore.ra;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

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
    assertWrittenFromTheModel(RA_XML, ConfigPropertyDocs::rewriteRaXml);
  }

  @Test
  void the_README_settings_table_is_written_from_the_model() throws Exception {
    assertWrittenFromTheModel(README, ConfigPropertyDocs::rewriteReadme);
  }

  /**
   * Compares a file with what the model writes into it. Asked to rewrite (see {@link #REWRITE}), it
   * first writes the file, then checks as always.
   */
  private static void assertWrittenFromTheModel(Path file, UnaryOperator<String> rewrite)
      throws IOException {
    String text = Files.readString(file);
    if (Boolean.getBoolean("msgstore.writeConfigDocs")) {
      text = rewrite.apply(text);
      Files.writeString(file, text);
    }
    assertEquals(rewrite.apply(text), text, file.getFileName() + " differs; run " + REWRITE);
  }
}
