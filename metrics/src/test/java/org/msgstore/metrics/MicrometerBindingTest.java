package org.msgstore.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The catalog bound to Micrometer's own Prometheus registry (the one WildFly's micrometer subsystem
 * serves), over MBeans on a private MBeanServer: the names the README promises are the names
 * Prometheus scrapes, the values are the MBeans' at the scrape.
 */
class MicrometerBindingTest {
  private final MBeanServer server = MBeanServerFactory.newMBeanServer();
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final FakeMBean spooler = new FakeMBean();
  private final FakeMBean queue = new FakeMBean();
  private MicrometerBinding binding;

  @BeforeEach
  void registerTheAdaptersMBeans() throws Exception {
    for (Metric m : MetricCatalog.ALL) {
      if (m.objectName().equals(MetricCatalog.SPOOLER)) {
        spooler.with(m.attribute(), 0L);
      } else if (m.objectName().equals(MetricCatalog.QUEUE)) {
        queue.with(m.attribute(), 0L);
      }
    }
    server.registerMBean(spooler, new ObjectName(MetricCatalog.SPOOLER));
    server.registerMBean(queue, new ObjectName(MetricCatalog.QUEUE));
    binding = MicrometerBinding.bind(registry, new MBeanValues(server), MetricCatalog.ALL);
  }

  @Test
  void every_metric_is_scraped_under_its_wildfly_name_with_its_tags() {
    String scrape = registry.scrape();
    for (Metric m : MetricCatalog.ALL) {
      String tags = m.prometheusTags();
      String series = m.wildFlyName() + (tags.isEmpty() ? " " : "{" + tags + "} ");
      assertTrue(scrape.contains("\n" + series), "no series " + series + " in\n" + scrape);
    }
    assertEquals(MetricCatalog.ALL.size(), binding.size());
  }

  @Test
  void a_scrape_reads_the_mbean_values_of_that_moment() {
    spooler.with("Delivered", 3L);
    queue.with("UrgentDepth", 2L).with("OldestDueAgeSeconds", 41L);
    String scrape = registry.scrape();
    assertTrue(scrape.contains("\nmsgstore_spooler_delivered_recipients_total 3.0\n"), scrape);
    assertTrue(
        scrape.contains("\nmsgstore_queue_lane_depth_messages{lane=\"urgent\"} 2.0\n"), scrape);
    assertTrue(scrape.contains("\nmsgstore_queue_oldest_due_age_seconds 41.0\n"), scrape);
    assertTrue(
        scrape.contains("# TYPE msgstore_spooler_delivered_recipients_total counter"), scrape);
    assertTrue(scrape.contains("# TYPE msgstore_queue_depth_messages gauge"), scrape);

    spooler.with("Delivered", 4L);
    assertEquals(
        4.0,
        registry.get("msgstore.spooler.delivered.recipients").functionCounter().count(),
        "read again, not cached");
  }

  @Test
  void a_metric_whose_mbean_is_not_registered_reads_NaN() {
    // No bounce intake configured: its MBean does not exist.
    FunctionCounter rounds =
        registry.get("msgstore.bounce.intake.completed.rounds").functionCounter();
    assertTrue(Double.isNaN(rounds.count()));
    Gauge suppressed = registry.get("msgstore.suppressed.addresses").gauge();
    assertTrue(Double.isNaN(suppressed.value()));
  }

  @Test
  void the_unit_is_the_last_part_of_the_meter_name() {
    Gauge age = registry.get("msgstore.queue.oldest.due.age.seconds").gauge();
    assertEquals(0.0, age.value());
    assertEquals(
        "msgstore.queue.oldest.due.age.seconds",
        MetricCatalog.ALL.stream()
            .filter(m -> m.attribute().equals("OldestDueAgeSeconds"))
            .findFirst()
            .orElseThrow()
            .meterName());
  }

  @Test
  void close_takes_every_meter_out_of_the_registry() {
    binding.close();
    assertEquals(0, registry.getMeters().size(), registry.getMeters().toString());
  }
}
