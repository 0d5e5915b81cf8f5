package org.msgstore.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;

/**
 * The catalog as Micrometer meters (WildFly's micrometer subsystem): a counter becomes a function
 * counter, a gauge a gauge, both reading the MBean at each scrape. Loaded only when Micrometer is
 * visible to the war ({@link MetricsStartup}).
 */
final class MicrometerBinding implements AutoCloseable {
  private final MeterRegistry registry;
  private final List<Meter> meters;

  /**
   * Holds {@code values} strongly: Micrometer keeps only a weak reference to a meter's state
   * object, and a collected one would turn every meter into NaN.
   */
  @SuppressWarnings("unused")
  private final MBeanValues values;

  private MicrometerBinding(MeterRegistry registry, MBeanValues values, List<Meter> meters) {
    this.registry = registry;
    this.values = values;
    this.meters = meters;
  }

  static MicrometerBinding bind(MeterRegistry registry, MBeanValues values, List<Metric> metrics) {
    List<Meter> meters = new ArrayList<>();
    for (Metric m : metrics) {
      meters.add(meter(registry, values, m));
    }
    return new MicrometerBinding(registry, values, List.copyOf(meters));
  }

  /**
   * Registers by name through the registry's own methods, not a meter builder: the registry WildFly
   * 39 injects into a deployment passes on to its Prometheus and OTLP registries only what is
   * registered that way (a builder's meter stays in the deployment's registry, never scraped).
   * Those methods take no unit or description, so the unit is the name's last part ({@link
   * Metric#meterName()}), which gives the same Prometheus name as a base unit would.
   */
  static Meter meter(MeterRegistry registry, MBeanValues values, Metric m) {
    Tags tags = Tags.empty();
    for (var tag : m.tags().entrySet()) {
      tags = tags.and(tag.getKey(), tag.getValue());
    }
    String name = m.meterName();
    switch (m.type()) {
      case COUNTER -> registry.more().counter(name, tags, values, v -> v.read(m));
      case GAUGE -> registry.gauge(name, tags, values, v -> v.read(m));
    }
    Meter meter = registry.find(name).tags(tags).meter();
    if (meter == null) {
      throw new IllegalStateException("the registry did not keep " + name + tags);
    }
    return meter;
  }

  int size() {
    return meters.size();
  }

  /** Takes the meters out of the registry (the war is undeployed). */
  @Override
  public void close() {
    meters.forEach(registry::remove);
  }
}
