package org.msgstore.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The metrics war's codes are in docs/log-codes.md with every other code: its last section, written
 * from {@link MetricsLog#CODES} (the one place they are defined) as the rar's sections are from
 * theirs. The rest of the file is the rar's, written by impl's LogCatalogTest; neither module links
 * against the other. After changing {@link MetricsLog}, rewrite the section with {@value #REWRITE}.
 */
class MetricsLogCodesTest {
  static final String REWRITE =
      "mvn -o -q -pl metrics test -Dtest=MetricsLogCodesTest -Dmsgstore.writeLogCodes=true";
  private static final Path DOCS = Path.of("../docs/log-codes.md");

  /** The same heading impl's LogCodeDocs stops its part at. */
  static final String HEADING = "\n## Metrics war\n";

  /** The section as it belongs in the docs, in the table form of the rar's sections. */
  static String section() {
    StringBuilder md = new StringBuilder(HEADING);
    md.append("\nCatalog `")
        .append(MetricsLog.class.getSimpleName())
        .append("` of the metrics war (`metrics/`, deployed beside the rar); logger")
        .append(" `org.msgstore.metrics`. Written by the metrics module's `")
        .append(MetricsLogCodesTest.class.getSimpleName())
        .append("`;\nafter changing it run `")
        .append(REWRITE)
        .append("`.\n\n| Code | Level | Meaning | What to do |\n|---|---|---|---|\n");
    for (MetricsLog.Code code : MetricsLog.CODES) {
      md.append("| `")
          .append(code.id())
          .append("` | ")
          .append(code.level().getName())
          .append(" | ")
          .append(cell(code.meaning()))
          .append(" | ")
          .append(code.action().isEmpty() ? "—" : cell(code.action()))
          .append(" |\n");
    }
    return md.toString();
  }

  private static String cell(String text) {
    return text.replace("|", "\\|");
  }

  @Test
  void docs_log_codes_ends_with_the_metrics_wars_codes() throws Exception {
    String docs = Files.readString(DOCS);
    int at = docs.indexOf(HEADING);
    if (Boolean.getBoolean("msgstore.writeLogCodes")) {
      // Asked to rewrite (see REWRITE): this section only; the rar's part stays as it is.
      Files.writeString(DOCS, (at < 0 ? docs : docs.substring(0, at)) + section());
      docs = Files.readString(DOCS);
      at = docs.indexOf(HEADING);
    }
    assertTrue(at > 0, "docs/log-codes.md has no metrics war section; run " + REWRITE);
    assertEquals(section(), docs.substring(at), "docs/log-codes.md differs; run " + REWRITE);
  }

  @Test
  void each_code_of_the_war_is_its_own_and_no_code_of_the_rar() throws Exception {
    String docs = Files.readString(DOCS);
    int at = docs.indexOf(HEADING);
    String rars = at < 0 ? docs : docs.substring(0, at);
    List<String> ids = MetricsLog.CODES.stream().map(MetricsLog.Code::id).toList();
    assertEquals(ids.stream().distinct().toList(), ids, "a code is listed twice");
    for (String id : ids) {
      assertTrue(id.matches("MSGS\\d{4}"), id);
      assertTrue(!rars.contains("`" + id + "`"), id + " is also a code of the rar");
    }
  }
}
