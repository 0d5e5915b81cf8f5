package org.msgstore.metrics;

import jakarta.enterprise.inject.spi.Unmanaged;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * The catalog as MicroProfile Metrics gauges (Payara). MicroProfile Metrics 5 has no counter whose
 * value a function supplies (its counters are only incremented), so the adapter's running totals
 * are gauges here too, read from the MBean at each scrape; they still only grow while the adapter
 * runs, and PromQL's rate() and increase() work on them. Loaded only when the API is visible to the
 * war ({@link MetricsStartup}).
 */
final class MicroProfileBinding implements AutoCloseable {
  private final MetricRegistry registry;
  private final List<MetricID> ids;

  @SuppressWarnings("unused") // held strongly for the gauges' lifetime, as in MicrometerBinding
  private final MBeanValues values;

  private MicroProfileBinding(MetricRegistry registry, MBeanValues values, List<MetricID> ids) {
    this.registry = registry;
    this.values = values;
    this.ids = ids;
  }

  static MicroProfileBinding bind(
      MetricRegistry registry, MBeanValues values, List<Metric> metrics) {
    List<MetricID> ids = new ArrayList<>();
    for (Metric m : metrics) {
      Tag[] tags = tags(m);
      registry.gauge(metadata(m), values, v -> v.read(m), tags);
      ids.add(new MetricID(m.name(), tags));
    }
    return new MicroProfileBinding(registry, values, List.copyOf(ids));
  }

  /**
   * The application registry as a field injection gives it: Payara's producer reads the injection
   * point's annotations (a scope may be asked for there), which a programmatic lookup such as
   * {@code CDI.current().select(MetricRegistry.class)} does not have, and fails on.
   */
  static MetricRegistry applicationRegistry() {
    return new Unmanaged<>(Injected.class).newInstance().produce().inject().get().registry;
  }

  /**
   * Never a bean itself (no bean-defining annotation): only {@link #applicationRegistry} uses it.
   */
  public static class Injected {
    @Inject MetricRegistry registry;
  }

  static Metadata metadata(Metric m) {
    return Metadata.builder()
        .withName(m.name())
        .withDescription(m.description())
        .withUnit(m.unit())
        .build();
  }

  static Tag[] tags(Metric m) {
    return m.tags().entrySet().stream()
        .sorted(java.util.Map.Entry.comparingByKey())
        .map(e -> new Tag(e.getKey(), e.getValue()))
        .toArray(Tag[]::new);
  }

  int size() {
    return ids.size();
  }

  @Override
  public void close() {
    ids.forEach(registry::remove);
  }
}
