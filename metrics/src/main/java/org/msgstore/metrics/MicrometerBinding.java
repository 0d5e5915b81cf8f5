package org.msgstore.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;

/**
 * The catalog as Micrometer meters (WildFly's micrometer subsystem): a counter becomes a {@link
 * FunctionCounter}, a gauge a {@link Gauge}, both reading the MBean at each scrape. Loaded only
 * when Micrometer is visible to the war ({@link MetricsStartup}).
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

  static Meter meter(MeterRegistry registry, MBeanValues values, Metric m) {
    Tags tags = Tags.empty();
    for (var tag : m.tags().entrySet()) {
      tags = tags.and(tag.getKey(), tag.getValue());
    }
    return switch (m.type()) {
      case COUNTER ->
          FunctionCounter.builder(m.name(), values, v -> v.read(m))
              .baseUnit(m.unit())
              .description(m.description())
              .tags(tags)
              .register(registry);
      case GAUGE ->
          Gauge.builder(m.name(), values, v -> v.read(m))
              .baseUnit(m.unit())
              .description(m.description())
              .tags(tags)
              .register(registry);
    };
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
