package org.msgstore.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class MetricCatalogTest {
  private static Metric named(String name, Map<String, String> tags) {
    return MetricCatalog.ALL.stream()
        .filter(m -> m.name().equals(name) && m.tags().equals(tags))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no metric " + name + tags));
  }

  @Test
  void a_counter_is_named_on_wildfly_with_its_unit_and_total_and_on_payara_without_total() {
    Metric delivered = named("msgstore.spooler.delivered", Map.of());
    assertEquals("msgstore_spooler_delivered_recipients_total", delivered.wildFlyName());
    assertEquals("msgstore_spooler_delivered_recipients", delivered.payaraName());
  }

  @Test
  void a_name_ending_with_its_unit_is_refused_because_payara_would_write_the_unit_twice() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new Metric(
                    "msgstore.unexpected.errors",
                    Metric.Type.COUNTER,
                    "errors",
                    "a:b=c",
                    "X",
                    Map.of(),
                    ""));
    assertTrue(e.getMessage().contains("twice"), e.getMessage());
    Metric errors = named("msgstore.spooler.unexpected", Map.of());
    assertEquals("msgstore_spooler_unexpected_errors_total", errors.wildFlyName());
    assertEquals("msgstore_spooler_unexpected_errors", errors.payaraName());
  }

  @Test
  void a_gauge_carries_its_unit_and_no_total() {
    Metric age = named("msgstore.queue.oldest.due.age", Map.of());
    assertEquals("msgstore_queue_oldest_due_age_seconds", age.wildFlyName());
    assertEquals("msgstore_queue_oldest_due_age_seconds", age.payaraName());
    assertEquals("OldestDueAgeSeconds", age.attribute());
  }

  @Test
  void the_lane_depths_are_one_metric_told_apart_by_the_lane_tag() {
    List<Metric> lanes =
        MetricCatalog.ALL.stream()
            .filter(m -> m.name().equals("msgstore.queue.lane.depth"))
            .toList();
    assertEquals(
        Map.of("urgent", "UrgentDepth", "normal", "NormalDepth", "non_urgent", "NonUrgentDepth"),
        lanes.stream().collect(Collectors.toMap(m -> m.tags().get("lane"), Metric::attribute)));
    assertEquals(
        "lane=\"non_urgent\"",
        named("msgstore.queue.lane.depth", Map.of("lane", "non_urgent")).prometheusTags());
  }

  @Test
  void the_bounce_verdicts_are_one_metric_told_apart_by_the_verdict_tag() {
    assertEquals(
        Set.of("Matched", "AlreadyRecorded", "Unmatched", "Forged", "Unparseable"),
        MetricCatalog.ALL.stream()
            .filter(m -> m.name().equals("msgstore.bounce.intake.read"))
            .map(Metric::attribute)
            .collect(Collectors.toSet()));
  }

  @Test
  void each_name_and_tags_is_one_metric_and_each_mbean_attribute_is_read_once() {
    Set<String> ids = new HashSet<>();
    Set<String> attributes = new HashSet<>();
    for (Metric m : MetricCatalog.ALL) {
      assertTrue(ids.add(m.name() + m.tags()), "twice: " + m.name() + m.tags());
      assertTrue(attributes.add(m.objectName() + "/" + m.attribute()), "twice: " + m.attribute());
    }
  }

  @Test
  void the_metrics_of_one_name_agree_on_type_unit_description_and_tag_keys() {
    // A registry keeps one description, unit and tag-key set per name, and refuses the rest.
    Map<String, List<Metric>> byName =
        MetricCatalog.ALL.stream().collect(Collectors.groupingBy(Metric::name));
    byName.forEach(
        (name, same) -> {
          Metric first = same.get(0);
          for (Metric m : same) {
            assertEquals(first.type(), m.type(), name);
            assertEquals(first.unit(), m.unit(), name);
            assertEquals(first.description(), m.description(), name);
            assertEquals(first.tags().keySet(), m.tags().keySet(), name);
          }
        });
  }

  @Test
  void every_number_attribute_of_the_adapters_mbeans_has_a_metric() {
    Set<String> spooler =
        Set.of(
            "Claimed",
            "Delivered",
            "Deferred",
            "Throttled",
            "Failed",
            "NdrsWritten",
            "DeliveryReportsWritten",
            "Finished",
            "UnexpectedErrors",
            "InFlight"); // not QueueDepth: the Queue MBean's Depth is the same number, cached
    Set<String> queue =
        Set.of(
            "Depth", "UrgentDepth", "NormalDepth", "NonUrgentDepth", "Held", "OldestDueAgeSeconds");
    Set<String> intake =
        Set.of(
            "Rounds",
            "Processed",
            "Matched",
            "AlreadyRecorded",
            "Unmatched",
            "Forged",
            "Unparseable",
            "MailboxFailures");
    assertEquals(spooler, attributesOf(MetricCatalog.SPOOLER));
    assertEquals(queue, attributesOf(MetricCatalog.QUEUE));
    assertEquals(Set.of("Count"), attributesOf(MetricCatalog.SUPPRESSION_LIST));
    assertEquals(intake, attributesOf(MetricCatalog.BOUNCE_INTAKE));
  }

  private static Set<String> attributesOf(String objectName) {
    return MetricCatalog.ALL.stream()
        .filter(m -> m.objectName().equals(objectName))
        .map(Metric::attribute)
        .collect(Collectors.toSet());
  }

  @Test
  void a_name_that_is_not_dotted_lower_case_or_a_unit_of_two_words_is_refused() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new Metric("Msgstore.X", Metric.Type.GAUGE, "messages", "a:b=c", "X", Map.of(), ""));
    assertThrows(
        IllegalArgumentException.class,
        () -> new Metric("msgstore.x", Metric.Type.GAUGE, "two words", "a:b=c", "X", Map.of(), ""));
  }

  @Test
  void the_readme_metrics_table_has_a_row_for_every_metric() throws Exception {
    String readme = Files.readString(Path.of("../README.md"));
    int start = readme.indexOf("\n### Metrics");
    assertTrue(start > 0, "README has no '### Metrics' section");
    int end = readme.indexOf("\n## ", start);
    String section = readme.substring(start, end < 0 ? readme.length() : end);
    for (Metric m : MetricCatalog.ALL) {
      String tags = m.prometheusTags().isEmpty() ? "" : "{" + m.prometheusTags() + "}";
      String row =
          "| `"
              + m.wildFlyName()
              + tags
              + "` | `"
              + m.payaraName()
              + tags
              + "` | `"
              + m.objectName().substring("org.msgstore:type=".length())
              + "` `"
              + m.attribute()
              + "` | "
              + m.type().name().toLowerCase(java.util.Locale.ROOT)
              + " | "
              + m.unit()
              + " | ";
      assertTrue(section.contains(row), "README Metrics table: no row starting " + row);
    }
    for (MetricsLog.Code code : MetricsLog.CODES) {
      assertTrue(section.contains("`" + code.id() + "`"), "README Metrics: no " + code.id());
    }
  }
}
