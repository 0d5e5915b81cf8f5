package org.msgstore.it;

import java.io.File;
import java.net.URI;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.as.arquillian.api.ServerSetup;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;
import org.msgstore.it.scenario.MetricsScenarios;
import org.msgstore.metrics.Metric;

/**
 * {@link MetricsScenarios} on WildFly: the micrometer subsystem's Prometheus registry ({@link
 * MicrometerSetup}) scraped on the management interface; msgstore-metrics.war as the metrics module
 * built it.
 */
@ExtendWith(ArquillianExtension.class)
@ServerSetup({MicrometerSetup.class, MetricsAdapterSetup.class})
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
        .addClasses(MicrometerSetup.class, MetricsAdapterSetup.class);
  }

  @Override
  protected URI endpoint() {
    return URI.create("http://127.0.0.1:10190" + MicrometerSetup.CONTEXT);
  }

  @Override
  protected String seriesName(Metric metric) {
    return metric.wildFlyName();
  }

  @Override
  protected String prometheusType(Metric metric) {
    return metric.type() == Metric.Type.COUNTER ? "counter" : "gauge";
  }
}
