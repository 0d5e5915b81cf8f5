package org.msgstore.metrics;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.CDI;
import java.util.ArrayList;
import java.util.List;

/**
 * Publishes {@link MetricCatalog#ALL} when the war starts, in every metrics facility the server
 * makes visible to it, and withdraws them when it stops.
 *
 * <p>Why a war: both servers hand their registry to CDI deployments only (WildFly's micrometer
 * subsystem adds a {@code MeterRegistry} bean to each deployment with CDI; Payara produces {@code
 * MetricRegistry} for applications), and a resource adapter is not one. The bindings are looked up
 * by class name after the API's presence is checked, so this bean never names a type the server may
 * lack and the war deploys, and logs MSGS3052, where there is no metrics facility.
 */
@ApplicationScoped
public class MetricsStartup {
  static final String MICROMETER = "io.micrometer.core.instrument.MeterRegistry";
  static final String MICROPROFILE = "org.eclipse.microprofile.metrics.MetricRegistry";

  private final List<AutoCloseable> bindings = new ArrayList<>();

  void start(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
    MBeanValues values = new MBeanValues();
    boolean micrometer = visible(MICROMETER);
    boolean microProfile = visible(MICROPROFILE);
    if (micrometer) {
      bind("Micrometer", () -> Micrometer.bind(values));
    }
    if (microProfile) {
      bind("MicroProfile Metrics", () -> MicroProfile.bind(values));
    }
    if (!micrometer && !microProfile) {
      MetricsLog.noFacility();
    }
  }

  @PreDestroy
  void stop() {
    for (AutoCloseable b : bindings) {
      try {
        b.close();
      } catch (Exception | LinkageError e) {
        // The registry is going away with the deployment anyway.
      }
    }
    bindings.clear();
  }

  private void bind(String facility, java.util.concurrent.Callable<AutoCloseable> binding) {
    try {
      bindings.add(binding.call());
    } catch (Exception | LinkageError e) {
      MetricsLog.bindingFailed(facility, e);
    }
  }

  private static boolean visible(String className) {
    try {
      Class.forName(className, false, MetricsStartup.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /** Touches Micrometer's types only when called, after {@link #visible} said they are there. */
  private static final class Micrometer {
    static AutoCloseable bind(MBeanValues values) {
      var registry = CDI.current().select(io.micrometer.core.instrument.MeterRegistry.class).get();
      MicrometerBinding b = MicrometerBinding.bind(registry, values, MetricCatalog.ALL);
      MetricsLog.micrometerBound(b.size());
      return b;
    }
  }

  private static final class MicroProfile {
    static AutoCloseable bind(MBeanValues values) {
      var registry = MicroProfileBinding.applicationRegistry();
      MicroProfileBinding b = MicroProfileBinding.bind(registry, values, MetricCatalog.ALL);
      MetricsLog.microProfileBound(b.size());
      return b;
    }
  }
}
