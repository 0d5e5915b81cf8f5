package org.msgstore.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The log catalogs are the only place codes are written, each code is defined once, and {@code
 * docs/log-codes.md} is exactly what {@link LogCodeDocs} writes from them. After changing a
 * catalog, rewrite the docs with {@value #REWRITE}.
 */
class LogCatalogTest {
  static final String REWRITE =
      "mvn -o -q -pl impl test -Dtest=LogCatalogTest -Dmsgstore.writeLogCodes=true";
  private static final Path MAIN = Path.of("src/main/java");
  private static final Path DOCS = Path.of("../docs/log-codes.md");
  private static final Pattern CODE = Pattern.compile("MSGS\\d{4}");

  static final List<LogCodeDocs.Catalog> CATALOGS =
      List.of(
          catalog("Adapter", "org.msgstore.ra.RaLog", "`org.msgstore.ra`"),
          catalog(
              "New-mail inflow",
              "org.msgstore.ra.inflow.InflowLog",
              "`org.msgstore.ra.inflow.NewMailInflow`"),
          catalog(
              "Access rules of connection definitions",
              "org.msgstore.ra.access.AccessLog",
              "`org.msgstore.ra.access.AccessPolicy`"),
          catalog(
              "Store",
              "org.msgstore.store.jdbc.StoreLog",
              "the logging class's name under `org.msgstore.store`"),
          catalog(
              "Spooler",
              "org.msgstore.spooler.SpoolerLog",
              "the logging class's name under `org.msgstore.spooler`"),
          catalog(
              "Queue operations",
              "org.msgstore.spooler.OperationsLog",
              "`org.msgstore.spooler.QueueOperations`"),
          catalog(
              "Queue MBean",
              "org.msgstore.ra.management.ManagementLog",
              "`org.msgstore.ra.management.Queue`"),
          catalog(
              "SMTP transport",
              "org.msgstore.transport.smtp.SmtpLog",
              "`org.msgstore.transport.smtp.SmtpTransport` (a System.Logger)"),
          catalog(
              "DKIM signing",
              "org.msgstore.transport.smtp.dkim.DkimLog",
              "`org.msgstore.transport.smtp.dkim.DkimSigning` (a System.Logger)"),
          catalog(
              "Bounce intake and suppression list",
              "org.msgstore.bounce.BounceLog",
              "`org.msgstore.bounce.BounceIntake`, `org.msgstore.bounce.SuppressionAdmin`"),
          catalog(
              "SMTP flow control",
              "org.msgstore.transport.smtp.throttle.ThrottleLog",
              "`org.msgstore.transport.smtp.SmtpTransport` (a System.Logger)"));

  /**
   * A catalog by its class name: catalogs stay private to their package, so their {@code CODES}
   * list is read by reflection.
   */
  private static LogCodeDocs.Catalog catalog(String title, String className, String loggers) {
    try {
      Class<?> type = Class.forName(className);
      Field codes = type.getDeclaredField("CODES");
      codes.setAccessible(true);
      @SuppressWarnings("unchecked")
      List<LogCode> list = (List<LogCode>) codes.get(null);
      return new LogCodeDocs.Catalog(title, type, list, loggers);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("no log catalog " + className + " with a CODES list", e);
    }
  }

  @Test
  void every_code_is_defined_once_in_one_catalog() throws Exception {
    Map<String, Integer> definitions = new TreeMap<>();
    for (LogCodeDocs.Catalog c : CATALOGS) {
      Matcher m = CODE.matcher(Files.readString(source(c.type())));
      while (m.find()) {
        definitions.merge(m.group(), 1, Integer::sum);
      }
    }
    List<String> twice =
        definitions.entrySet().stream()
            .filter(e -> e.getValue() > 1)
            .map(Map.Entry::getKey)
            .toList();
    assertEquals(List.of(), twice, "codes written more than once in the catalogs");
    List<String> listed =
        CATALOGS.stream().flatMap(c -> c.codes().stream()).map(LogCode::id).toList();
    assertEquals(listed.stream().distinct().toList(), listed, "a code is listed twice");
    assertEquals(definitions.keySet(), new java.util.TreeSet<>(listed), "codes not in CODES");
  }

  @Test
  void every_code_constant_of_a_catalog_is_in_its_CODES_list() throws Exception {
    for (LogCodeDocs.Catalog c : CATALOGS) {
      List<LogCode> declared = new ArrayList<>();
      for (Field f : c.type().getDeclaredFields()) {
        if (f.getType() == LogCode.class && Modifier.isStatic(f.getModifiers())) {
          f.setAccessible(true);
          declared.add((LogCode) f.get(null));
        }
      }
      assertEquals(declared, c.codes(), c.type().getSimpleName() + ".CODES, in declaration order");
      for (LogCode code : c.codes()) {
        assertTrue(code.id().matches("MSGS\\d{4}"), code.id());
        assertTrue(!code.meaning().isBlank(), code.id() + " has no meaning");
      }
    }
  }

  @Test
  void no_code_is_written_in_main_code_outside_the_catalogs() throws Exception {
    List<Path> catalogs = CATALOGS.stream().map(c -> source(c.type())).toList();
    List<String> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(MAIN)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        if (catalogs.contains(file)) {
          continue;
        }
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
          if (CODE.matcher(lines.get(i)).find()) {
            found.add(file + ":" + (i + 1) + ": " + lines.get(i).strip());
          }
        }
      }
    }
    assertTrue(catalogs.stream().allMatch(Files::exists), "catalog sources: " + catalogs);
    assertEquals(List.of(), found, "codes belong in a log catalog, called by one method each");
  }

  /**
   * The rar's catalogs make docs/log-codes.md up to the metrics war's section, which the metrics
   * module writes from its own catalog (its {@code MetricsLogCodesTest}): the war links against
   * nothing of the rar, nor impl against the war.
   */
  @Test
  void docs_log_codes_is_written_from_the_catalogs() throws Exception {
    String written = LogCodeDocs.write(CATALOGS, REWRITE);
    if (Boolean.getBoolean("msgstore.writeLogCodes")) {
      // Asked to rewrite (see REWRITE): the rar's part; the war's section stays as it is.
      Files.writeString(DOCS, written + warsSection(Files.readString(DOCS)));
    }
    String docs = Files.readString(DOCS);
    assertEquals(
        written,
        docs.substring(0, docs.length() - warsSection(docs).length()),
        "docs/log-codes.md differs; run " + REWRITE);
  }

  /** The metrics war's section at the end of the docs, or "" when there is none. */
  private static String warsSection(String docs) {
    int at = docs.indexOf(LogCodeDocs.METRICS_WAR_HEADING);
    return at < 0 ? "" : docs.substring(at);
  }

  private static Path source(Class<?> type) {
    return MAIN.resolve(type.getName().replace('.', '/') + ".java");
  }
}
