package org.msgstore.it.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ejb.EJB;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.msgstore.it.app.Await;
import org.msgstore.it.app.MailboxProbe;
import org.msgstore.it.app.SpoolerEjb;
import org.msgstore.metrics.Metric;
import org.msgstore.metrics.MetricCatalog;

/**
 * The adapter's metrics where the server's monitoring reads them: with the metrics war ({@code
 * msgstore-metrics.war}) deployed next to the rar, a message is delivered over SMTP and the
 * server's own metrics endpoint, scraped over HTTP as Prometheus does, shows it delivered and the
 * queue empty, and every metric of the catalog under the name, tags and type the README gives.
 *
 * <p>A server module subclasses this with the metrics war deployed, its {@code @Deployment} named
 * {@value #APP} holding {@link #beans()} and the catalog classes ({@link #catalogClasses()}), the
 * spooling adapter on a store of its own (so the queue it reads is this class's), and the server's
 * metrics facility configured.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class MetricsScenarios {
  protected static final String APP = "app";
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final String SENDER = "metrics-sender";
  private static final String SUBJECT = "MetricsIT over SMTP";

  protected static Class<?>[] beans() {
    return new Class<?>[] {SpoolerEjb.class, MailboxProbe.class, Await.class};
  }

  /**
   * The catalog's classes: the test class's methods mention them and JUnit reflects on those in the
   * server too.
   */
  protected static Class<?>[] catalogClasses() {
    return new Class<?>[] {
      Metric.class,
      Metric.Type.class,
      MetricCatalog.class,
      PrometheusText.class,
      PrometheusText.Series.class
    };
  }

  /** The server's metrics endpoint, as Prometheus is pointed at it. */
  protected abstract URI endpoint();

  /** The series name this server writes for {@code metric}. */
  protected abstract String seriesName(Metric metric);

  /** The Prometheus type this server gives {@code metric} ({@code counter}, {@code gauge}). */
  protected abstract String prometheusType(Metric metric);

  /** The {@code # TYPE} line's name of {@code metric} (a counter's may omit {@code _total}). */
  protected String typeLineName(Metric metric) {
    return seriesName(metric);
  }

  @EJB private SpoolerEjb sender;
  @EJB private MailboxProbe probe;

  @Test
  @Order(1)
  @OperateOnDeployment(APP)
  void a_message_is_submitted_for_delivery_over_smtp() {
    probe.ensureMailbox(SENDER);
    sender.submit(SENDER, SUBJECT, "SMTP", "dave@example.net");
  }

  @Test
  @Order(2)
  @RunAsClient
  void the_scrape_shows_the_message_delivered_and_the_queue_empty() throws Exception {
    TestSmtp.awaitSubjects(Set.of(SUBJECT), TIMEOUT);
    // The spooler finishes the message after the SMTP server has it, and the queue's gauges are
    // reused for a second: wait for the scrape to catch up.
    PrometheusText scrape =
        Await.until(
            () -> PrometheusText.scrape(endpoint()),
            s ->
                value(s, "msgstore.spooler.finished", Map.of()) >= 1
                    && value(s, "msgstore.queue.depth", Map.of()) == 0,
            TIMEOUT,
            "a finished message and an empty queue in the scrape");
    assertTrue(value(scrape, "msgstore.spooler.delivered", Map.of()) >= 1, scrape.msgstoreLines());
    assertTrue(value(scrape, "msgstore.spooler.claimed", Map.of()) >= 1, scrape.msgstoreLines());
    assertEquals(0, value(scrape, "msgstore.spooler.failed", Map.of()), scrape.msgstoreLines());
    assertEquals(0, value(scrape, "msgstore.spooler.in.flight", Map.of()), scrape.msgstoreLines());
    assertEquals(
        0,
        value(scrape, "msgstore.queue.lane.depth", Map.of("lane", "normal")),
        scrape.msgstoreLines());
    assertEquals(0, value(scrape, "msgstore.queue.held", Map.of()), scrape.msgstoreLines());
    assertEquals(
        0, value(scrape, "msgstore.queue.oldest.due.age", Map.of()), scrape.msgstoreLines());
    assertEquals(0, value(scrape, "msgstore.suppressed", Map.of()), scrape.msgstoreLines());
    assertTrue(
        Double.isNaN(value(scrape, "msgstore.bounce.intake.completed", Map.of())),
        "no bounce intake configured: no value\n" + scrape.msgstoreLines());
  }

  @Test
  @Order(3)
  @RunAsClient
  void every_metric_of_the_catalog_is_scraped_with_its_name_tags_and_type() {
    PrometheusText scrape = PrometheusText.scrape(endpoint());
    List<String> missing = new ArrayList<>();
    for (Metric m : MetricCatalog.ALL) {
      if (scrape.find(seriesName(m), m.tags()).size() != 1) {
        missing.add(seriesName(m) + m.tags());
      }
      String type = scrape.types().get(typeLineName(m));
      if (!prometheusType(m).equals(type)) {
        missing.add("# TYPE " + typeLineName(m) + " " + prometheusType(m) + " (was " + type + ")");
      }
    }
    assertEquals(List.of(), missing, "not in the scrape:\n" + scrape.msgstoreLines());
  }

  private double value(PrometheusText scrape, String name, Map<String, String> tags) {
    Metric metric =
        MetricCatalog.ALL.stream()
            .filter(m -> m.name().equals(name) && m.tags().equals(tags))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no metric " + name + tags + " in the catalog"));
    return scrape.value(seriesName(metric), tags);
  }
}
