package org.msgstore.it.scenario;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adapter config-properties written as {@code name=value} lines, one a line, read into a map that
 * keeps their order (the order tests compare with ra.xml). A value left empty is for the caller to
 * put; putting it keeps the property's place.
 */
final class PropertyLines {
  private PropertyLines() {}

  static Map<String, String> read(String lines) {
    Map<String, String> properties = new LinkedHashMap<>();
    for (String line : lines.strip().split("\n")) {
      int eq = line.indexOf('=');
      properties.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
    }
    return properties;
  }
}
