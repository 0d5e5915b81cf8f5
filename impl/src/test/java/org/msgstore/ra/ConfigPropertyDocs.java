package org.msgstore.ra;

import org.msgstore.config.Setting;

/**
 * What ra.xml and the README say about one setting, written from its definition: the tests compare
 * the files with it and print it when a setting is missing, ready to paste.
 */
final class ConfigPropertyDocs {
  private ConfigPropertyDocs() {}

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
