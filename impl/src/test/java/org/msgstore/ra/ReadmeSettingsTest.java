package org.msgstore.ra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.msgstore.config.ConfigProperties;
import org.msgstore.config.Setting;

/**
 * The README's "Every setting" table says what the code defines: one row per setting of {@link
 * ConfigProperties}, in order, with its level, type, default and description (a row may explain
 * more after the description).
 */
class ReadmeSettingsTest {
  private static final Path README = Path.of("../README.md");
  private static final String SECTION = "### Every setting";

  /** The table's rows by property name: level, type, default, meaning. */
  private static Map<String, List<String>> rows() throws Exception {
    List<String> lines = Files.readAllLines(README);
    int start = lines.indexOf(SECTION);
    assertTrue(start >= 0, README.toAbsolutePath() + " has no '" + SECTION + "'");
    Map<String, List<String>> rows = new LinkedHashMap<>();
    for (String line : lines.subList(start + 1, lines.size())) {
      if (line.startsWith("#")) {
        break;
      }
      if (line.startsWith("| `")) {
        List<String> cells =
            List.of(line.substring(1, line.length() - 1).split("\\|")).stream()
                .map(String::strip)
                .toList();
        rows.put(cells.get(0).replace("`", ""), cells.subList(1, cells.size()));
      }
    }
    return rows;
  }

  @Test
  void the_README_table_lists_every_setting_of_the_model_in_order_with_its_level_type_and_default()
      throws Exception {
    Map<String, List<String>> rows = rows();
    List<Setting<?>> settings = ConfigProperties.ALL;
    assertEquals(
        settings.stream().map(Setting::name).toList(),
        List.copyOf(rows.keySet()),
        () ->
            "README settings table vs ConfigProperties; the model's rows are:\n"
                + settings.stream()
                    .filter(s -> !rows.containsKey(s.name()))
                    .map(ConfigPropertyDocs::readmeRow)
                    .collect(Collectors.joining("\n")));
    for (Setting<?> s : settings) {
      List<String> row = rows.get(s.name());
      String expected = ConfigPropertyDocs.readmeRow(s);
      assertEquals(s.scope().level(), row.get(0), s.name() + " level; expected " + expected);
      assertEquals(s.type().getSimpleName(), row.get(1), s.name() + " type; expected " + expected);
      assertEquals(
          s.defaultText().isEmpty() ? "(empty)" : "`" + s.defaultText() + "`",
          row.get(2),
          s.name() + " default; expected " + expected);
      assertTrue(
          row.get(3).startsWith(ConfigPropertyDocs.readmeMeaning(s)),
          s.name() + " meaning '" + row.get(3) + "'; expected " + expected);
    }
  }
}
