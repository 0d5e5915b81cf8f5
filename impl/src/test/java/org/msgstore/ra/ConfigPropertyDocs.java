package org.msgstore.ra;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.msgstore.config.ConfigProperties;
import org.msgstore.config.Scope;
import org.msgstore.config.Setting;

/**
 * What ra.xml and the README say about the settings, written from {@link ConfigProperties}: the
 * tests compare the files with it, print a missing setting's element or row ready to paste, and
 * {@code ConfigDocsTest} rewrites both files from it on request.
 */
final class ConfigPropertyDocs {
  static final String README_SECTION = "### Every setting";
  private static final String RA_CLASS_END = "</resourceadapter-class>\n";
  private static final String OUTBOUND_START = "    <outbound-resourceadapter>";
  private static final String MCF_CLASS_END = "</managedconnectionfactory-class>\n";
  private static final String CF_INTERFACE_START = "        <connectionfactory-interface>";

  private ConfigPropertyDocs() {}

  /**
   * {@code raXml} with the config-property elements of the adapter and the connection definition
   * replaced by the model's, a blank line between scopes; everything else kept.
   */
  static String rewriteRaXml(String raXml) {
    return rewriteRaXml(raXml, ConfigProperties.ALL);
  }

  /** As above, for the settings {@code settings}. */
  static String rewriteRaXml(String raXml, List<Setting<?>> settings) {
    StringBuilder adapter = new StringBuilder();
    Scope previous = null;
    for (Setting<?> s : settings) {
      if (s.scope() == Scope.CONNECTION) {
        continue;
      }
      if (s.scope() != previous) {
        adapter.append("\n");
        previous = s.scope();
      }
      adapter.append(raXmlElement(s));
    }
    adapter.append("\n");
    StringBuilder connection = new StringBuilder();
    settings.stream()
        .filter(s -> s.scope() == Scope.CONNECTION)
        .forEach(s -> connection.append(raXmlElement(s)));
    String xml = replaceBetween(raXml, RA_CLASS_END, OUTBOUND_START, adapter.toString());
    return replaceBetween(xml, MCF_CLASS_END, CF_INTERFACE_START, connection.toString());
  }

  /**
   * {@code readme} with the rows of its settings table replaced by the model's. A row that explains
   * more after the model's description keeps its explanation.
   */
  static String rewriteReadme(String readme) {
    return rewriteReadme(readme, ConfigProperties.ALL);
  }

  /** As above, for the settings {@code settings}. */
  static String rewriteReadme(String readme, List<Setting<?>> settings) {
    List<String> lines = new ArrayList<>(List.of(readme.split("\n", -1)));
    int section = lines.indexOf(README_SECTION);
    if (section < 0) {
      throw new IllegalArgumentException("the README has no '" + README_SECTION + "'");
    }
    int first = section;
    while (first < lines.size() && !lines.get(first).startsWith("|---")) {
      first++;
    }
    first++;
    int end = first;
    Map<String, String> meanings = new LinkedHashMap<>();
    while (end < lines.size() && lines.get(end).startsWith("| `")) {
      String[] cells = lines.get(end).split("\\|");
      meanings.put(cells[1].strip().replace("`", ""), cells[cells.length - 1].strip());
      end++;
    }
    List<String> rows = new ArrayList<>();
    for (Setting<?> s : settings) {
      String row = readmeRow(s);
      String kept = meanings.get(s.name());
      if (kept != null && kept.startsWith(readmeMeaning(s))) {
        row = row.substring(0, row.length() - readmeMeaning(s).length() - 2) + kept + " |";
      }
      rows.add(row);
    }
    lines.subList(first, end).clear();
    lines.addAll(first, rows);
    return String.join("\n", lines);
  }

  private static String replaceBetween(String text, String after, String before, String with) {
    int start = text.indexOf(after);
    int end = text.indexOf(before, start);
    if (start < 0 || end < 0) {
      throw new IllegalArgumentException(
          "no '" + after.strip() + "' before '" + before.strip() + "'");
    }
    return text.substring(0, start + after.length()) + with + text.substring(end);
  }

  /** The setting's {@code <config-property>} element, indented as in ra.xml. */
  static String raXmlElement(Setting<?> s) {
    String indent = s.scope().level().equals("adapter") ? "    " : "        ";
    StringBuilder xml = new StringBuilder();
    xml.append(indent).append("<config-property>\n");
    xml.append(indent)
        .append("  <description>")
        .append(escape(s.description()))
        .append("</description>\n");
    xml.append(indent)
        .append("  <config-property-name>")
        .append(s.name())
        .append("</config-property-name>\n");
    xml.append(indent)
        .append("  <config-property-type>")
        .append(s.type().getName())
        .append("</config-property-type>\n");
    if (!s.defaultText().isEmpty()) {
      xml.append(indent)
          .append("  <config-property-value>")
          .append(escape(s.defaultText()))
          .append("</config-property-value>\n");
    }
    if (s.isConfidential()) {
      xml.append(indent)
          .append("  <config-property-confidential>true</config-property-confidential>\n");
    }
    xml.append(indent).append("</config-property>\n");
    return xml.toString();
  }

  /** The setting's row of the README's "Every setting" table. */
  static String readmeRow(Setting<?> s) {
    return "| `"
        + s.name()
        + "` | "
        + s.scope().level()
        + " | "
        + s.type().getSimpleName()
        + " | "
        + (s.defaultText().isEmpty() ? "(empty)" : "`" + s.defaultText() + "`")
        + " | "
        + readmeMeaning(s)
        + " |";
  }

  /** The meaning column: the description, and "Confidential." for a secret. */
  static String readmeMeaning(Setting<?> s) {
    return s.description() + (s.isConfidential() ? " Confidential." : "");
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
