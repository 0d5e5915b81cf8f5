package org.msgstore.log;

import java.util.List;

/** Writes docs/log-codes.md, the operators' table of every code, from the log catalogs. */
final class LogCodeDocs {
  /** One catalog as the docs show it: a heading, its codes and where they are logged. */
  record Catalog(String title, Class<?> type, List<LogCode> codes, String loggers) {}

  /**
   * Where the metrics war's section begins; the metrics module writes it (from this heading to the
   * end) from its own catalog, and its test uses the same heading.
   */
  static final String METRICS_WAR_HEADING = "\n## Metrics war\n";

  private LogCodeDocs() {}

  static String write(List<Catalog> catalogs, String rewrite) {
    StringBuilder md = new StringBuilder();
    md.append("# Log and error codes\n\n")
        .append(
            "Every message MsgStore logs, and every exception text it gives, starts with a code")
        .append(" `MSGS` and four\ndigits; search the server log for it. A code keeps its meaning")
        .append(" for good: a new meaning gets a\nnew code. Level `exception` means the text of an")
        .append(" exception the application or the server\ngets (the server usually logs it);")
        .append(" the others are java.util.logging levels.\n\n")
        .append("Written from the log catalogs (the `*Log` classes next to the code that logs) by")
        .append(" `LogCatalogTest`;\nafter changing a catalog run `")
        .append(rewrite)
        .append("`.\n");
    for (Catalog c : catalogs) {
      md.append("\n## ")
          .append(c.title())
          .append("\n\nCatalog `")
          .append(c.type().getSimpleName())
          .append("`; logger ")
          .append(c.loggers())
          .append(".\n\n| Code | Level | Meaning | What to do |\n|---|---|---|---|\n");
      for (LogCode code : c.codes()) {
        md.append("| `")
            .append(code.id())
            .append("` | ")
            .append(code.severity().name().equals("EXCEPTION") ? "exception" : code.severity())
            .append(" | ")
            .append(cell(code.meaning()))
            .append(" | ")
            .append(code.action().isEmpty() ? "—" : cell(code.action()))
            .append(" |\n");
      }
    }
    return md.toString();
  }

  private static String cell(String text) {
    return text.replace("|", "\\|");
  }
}
