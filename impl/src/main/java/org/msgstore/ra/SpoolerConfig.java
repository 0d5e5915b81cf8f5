package org.msgstore.ra;

import static org.msgstore.config.ConfigProperties.MAX_QUEUE_LIFETIME_MS;
import static org.msgstore.config.ConfigProperties.NODE_NAME;
import static org.msgstore.config.ConfigProperties.RETRY_MAX_MS;
import static org.msgstore.config.ConfigProperties.RETRY_MIN_MS;
import static org.msgstore.config.ConfigProperties.SPOOLER_BATCH_SIZE;
import static org.msgstore.config.ConfigProperties.SPOOLER_ENABLED;
import static org.msgstore.config.ConfigProperties.SPOOLER_LEASE_MS;
import static org.msgstore.config.ConfigProperties.SPOOLER_POLL_INTERVAL_MS;
import static org.msgstore.config.ConfigProperties.SPOOLER_THREADS;
import static org.msgstore.config.ConfigProperties.TRANSPORT_ORDER;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.msgstore.config.Scope;
import org.msgstore.config.SettingValues;
import org.msgstore.spooler.SpoolerSettings;

/**
 * The spooler's and the transports' part of the adapter configuration: the rules that go beyond one
 * setting's range (retryMaxMs against retryMinMs, the transport order, the node name), and the
 * typed {@link SpoolerSettings} the spooler runs with. Problems are added to the caller's list so
 * that {@link AdapterSettings} reports every problem of the whole adapter at once.
 */
final class SpoolerConfig {
  private final boolean enabled;
  private final int threads;
  private final SpoolerSettings settings;
  private final Map<String, String> transportSettings;

  private SpoolerConfig(
      boolean enabled,
      int threads,
      SpoolerSettings settings,
      Map<String, String> transportSettings) {
    this.enabled = enabled;
    this.threads = threads;
    this.settings = settings;
    this.transportSettings = transportSettings;
  }

  /** Ranges are checked by {@link SettingValues#rangeProblems()}; this adds the other rules. */
  static SpoolerConfig resolve(
      SettingValues values, UnaryOperator<String> systemProperty, List<String> problems) {
    int retryMin = values.value(RETRY_MIN_MS);
    int retryMax = values.value(RETRY_MAX_MS);
    if (retryMax < retryMin) {
      problems.add(
          "retryMaxMs="
              + retryMax
              + " is below retryMinMs="
              + retryMin
              + "; the maximum back-off must be at least the minimum");
    }
    List<String> order = parseOrder(values.value(TRANSPORT_ORDER), problems);
    String nodeName = values.value(NODE_NAME);
    String node = nodeName.isBlank() ? defaultNodeName(systemProperty) : nodeName.strip();
    SpoolerSettings settings =
        SpoolerSettings.builder(node)
            .pollInterval(Duration.ofMillis(values.value(SPOOLER_POLL_INTERVAL_MS)))
            .lease(Duration.ofMillis(values.value(SPOOLER_LEASE_MS)))
            .batchSize(values.value(SPOOLER_BATCH_SIZE))
            .backoff(Duration.ofMillis(retryMin), Duration.ofMillis(Math.max(retryMin, retryMax)))
            .maxQueueLifetime(Duration.ofMillis(values.value(MAX_QUEUE_LIFETIME_MS)))
            .transportOrder(order)
            .build();
    return new SpoolerConfig(
        values.value(SPOOLER_ENABLED),
        values.value(SPOOLER_THREADS),
        settings,
        Map.copyOf(values.asText(Scope.TRANSPORT)));
  }

  private static List<String> parseOrder(String value, List<String> problems) {
    List<String> ids = new ArrayList<>();
    for (String id : value.split(",")) {
      String t = id.strip().toLowerCase(Locale.ROOT);
      if (t.isEmpty()) {
        continue;
      }
      if (ids.contains(t)) {
        problems.add("transportOrder names '" + t + "' twice");
      }
      ids.add(t);
    }
    if (ids.isEmpty()) {
      problems.add("transportOrder is empty; name at least one transport, e.g. local,smtp");
    }
    return ids;
  }

  /** WildFly's node name when there is one, else host and process: unique per running server. */
  private static String defaultNodeName(UnaryOperator<String> systemProperty) {
    String node = systemProperty.apply("jboss.node.name");
    if (node != null && !node.isBlank()) {
      return node;
    }
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      host = "localhost";
    }
    return host + "-" + ManagementFactory.getRuntimeMXBean().getPid();
  }

  boolean enabled() {
    return enabled;
  }

  int threads() {
    return threads;
  }

  SpoolerSettings settings() {
    return settings;
  }

  /** The transport settings by name, defaults applied: what each transport's start() reads. */
  Map<String, String> transportSettings() {
    return transportSettings;
  }
}
