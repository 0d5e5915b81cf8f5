package org.msgstore.it.payara;

import java.io.File;
import java.net.URI;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;
import org.msgstore.it.scenario.MetricsScenarios;
import org.msgstore.metrics.Metric;

/**
 * {@link MetricsScenarios} on Payara: MicroProfile Metrics, on by default, at /metrics of the HTTP
 * listener (portbase + 80); msgstore-metrics.war as the metrics module built it. Every MsgStore
 * metric is a gauge there (MicroProfile Metrics 5 has no counter read from a function).
 */
@ExtendWith({PayaraDomain.class, MetricsAdapter.class, ArquillianExtension.class})
class MetricsIT extends MetricsScenarios {
  @Deployment(name = "metrics", order = 1, testable = false)
  static WebArchive metrics() {
    File war = new File(System.getProperty("msgstore.metrics.war", "target/msgstore-metrics.war"));
    return ShrinkWrap.createFromZipFile(WebArchive.class, war);
  }

  @Deployment(name = APP, order = 2)
  static WebArchive app() {
    return Deployments.app("metrics-it", MetricsIT.class, beans())
        .addClasses(catalogClasses())
        .addClasses(MetricsAdapter.class);
  }

  @Override
  protected URI endpoint() {
    return URI.create("http://127.0.0.1:" + (Asadmin.portbase() + 80) + "/metrics");
  }

  @Override
  protected String seriesName(Metric metric) {
    return metric.payaraName();
  }

  @Override
  protected String prometheusType(Metric metric) {
    return "gauge";
  }
}
