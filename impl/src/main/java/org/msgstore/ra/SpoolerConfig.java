package org.msgstore.ra;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.msgstore.spooler.SpoolerSettings;

/**
 * The spooler's and the transports' part of the adapter configuration: raw config-property values
 * in, a validated, immutable configuration out. Problems are added to the caller's list so that
 * {@link AdapterSettings} reports every problem of the whole adapter at once.
 */
final class SpoolerConfig {
  static final boolean DEFAULT_SPOOLER_ENABLED = true;
  static final int DEFAULT_SPOOLER_THREADS = 4;
  static final int DEFAULT_POLL_INTERVAL_MS = 30_000;
  static final int DEFAULT_LEASE_MS = 300_000;
  static final int DEFAULT_BATCH_SIZE = 20;

  /** Postfix-like retry schedule: 5 minutes doubling up to 67 minutes, for 5 days. */
  static final int DEFAULT_RETRY_MIN_MS = 300_000;

  static final int DEFAULT_RETRY_MAX_MS = 4_020_000;
  static final long DEFAULT_MAX_QUEUE_LIFETIME_MS = 432_000_000L;
  static final String DEFAULT_TRANSPORT_ORDER = "local,smtp";
  static final String DEFAULT_NODE_NAME = "";

  /** The raw values, as the container set them on the adapter. */
  record Raw(
      Boolean enabled,
      Integer threads,
      Integer pollIntervalMs,
      Integer leaseMs,
      Integer batchSize,
      Integer retryMinMs,
      Integer retryMaxMs,
      Long maxQueueLifetimeMs,
      String transportOrder,
      String nodeName,
      Map<String, String> transportSettings) {
    static Raw defaults() {
      return new Raw(null, null, null, null, null, null, null, null, null, null, Map.of());
    }
  }

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

  static SpoolerConfig resolve(
      Raw raw, UnaryOperator<String> systemProperty, List<String> problems) {
    boolean enabled = raw.enabled() == null ? DEFAULT_SPOOLER_ENABLED : raw.enabled();
    int threads = range("spoolerThreads", raw.threads(), DEFAULT_SPOOLER_THREADS, 1, 64, problems);
    int poll =
        range(
            "spoolerPollIntervalMs",
            raw.pollIntervalMs(),
            DEFAULT_POLL_INTERVAL_MS,
            100,
            3_600_000,
            problems);
    int lease =
        range("spoolerLeaseMs", raw.leaseMs(), DEFAULT_LEASE_MS, 1_000, 86_400_000, problems);
    int batch = range("spoolerBatchSize", raw.batchSize(), DEFAULT_BATCH_SIZE, 1, 1_000, problems);
    int retryMin =
        range("retryMinMs", raw.retryMinMs(), DEFAULT_RETRY_MIN_MS, 1, Integer.MAX_VALUE, problems);
    int retryMax =
        range("retryMaxMs", raw.retryMaxMs(), DEFAULT_RETRY_MAX_MS, 1, Integer.MAX_VALUE, problems);
    if (retryMax < retryMin) {
      problems.add(
          "retryMaxMs="
              + retryMax
              + " is below retryMinMs="
              + retryMin
              + "; the maximum back-off must be at least the minimum");
    }
    long lifetime =
        raw.maxQueueLifetimeMs() == null ? DEFAULT_MAX_QUEUE_LIFETIME_MS : raw.maxQueueLifetimeMs();
    if (lifetime < 1_000) {
      problems.add(
          "maxQueueLifetimeMs="
              + lifetime
              + " is too short; use at least 1000 (default "
              + DEFAULT_MAX_QUEUE_LIFETIME_MS
              + ", 5 days)");
    }
    List<String> order =
        parseOrder(
            raw.transportOrder() == null ? DEFAULT_TRANSPORT_ORDER : raw.transportOrder(),
            problems);
    String node =
        raw.nodeName() == null || raw.nodeName().isBlank()
            ? defaultNodeName(systemProperty)
            : raw.nodeName().strip();
    SpoolerSettings settings =
        new SpoolerSettings(
            node,
            Duration.ofMillis(poll),
            Duration.ofMillis(lease),
            batch,
            Duration.ofMillis(retryMin),
            Duration.ofMillis(Math.max(retryMin, retryMax)),
            Duration.ofMillis(lifetime),
            order);
    Map<String, String> transport = new LinkedHashMap<>();
    raw.transportSettings().forEach((k, v) -> transport.put(k, v == null ? "" : v));
    return new SpoolerConfig(enabled, threads, settings, Map.copyOf(transport));
  }

  private static int range(
      String name, Integer value, int fallback, int min, int max, List<String> problems) {
    int v = value == null ? fallback : value;
    if (v < min || v > max) {
      problems.add(
          name
              + "="
              + v
              + " is out of range; use "
              + min
              + ".."
              + max
              + " (default "
              + fallback
              + ")");
    }
    return v;
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

  Map<String, String> transportSettings() {
    return transportSettings;
  }

  @Override
  public String toString() {
    return "spooler[enabled="
        + enabled
        + ", threads="
        + threads
        + ", node="
        + settings.owner()
        + ", pollIntervalMs="
        + settings.pollInterval().toMillis()
        + ", leaseMs="
        + settings.lease().toMillis()
        + ", batchSize="
        + settings.batchSize()
        + ", retryMinMs="
        + settings.backoffMin().toMillis()
        + ", retryMaxMs="
        + settings.backoffMax().toMillis()
        + ", maxQueueLifetimeMs="
        + settings.maxQueueLifetime().toMillis()
        + ", transportOrder="
        + String.join(",", settings.transportOrder())
        + ", transports="
        + masked(transportSettings)
        + "]";
  }

  private static Map<String, String> masked(Map<String, String> settings) {
    Map<String, String> m = new LinkedHashMap<>(settings);
    m.replaceAll(
        (k, v) -> k.toLowerCase(Locale.ROOT).contains("password") && !v.isEmpty() ? "****" : v);
    return m;
  }
}
