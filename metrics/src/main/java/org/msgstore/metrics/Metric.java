package org.msgstore.metrics;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * One MsgStore metric: where its value is read (an MBean attribute) and how it is named, typed,
 * tagged and measured in the server's registry. The name is Micrometer's and MicroProfile's dotted
 * form; each registry derives its Prometheus name from it ({@link #wildFlyName()}, {@link
 * #payaraName()}).
 *
 * @param name dotted, lower case, not ending with the unit: the registries append it (Payara even
 *     when the name ends with it, Micrometer not), so the names agree on both servers
 * @param type a counter (only ever grows while the adapter runs) or a gauge
 * @param unit what is counted, plural ({@code messages}, {@code recipients}, {@code seconds})
 * @param objectName the MBean, {@code org.msgstore:type=...}
 * @param attribute the MBean attribute, a number
 * @param tags fixed tags that tell this metric apart from others of the same name (the lane)
 */
public record Metric(
    String name,
    Type type,
    String unit,
    String objectName,
    String attribute,
    Map<String, String> tags,
    String description) {

  public enum Type {
    COUNTER,
    GAUGE
  }

  public Metric {
    if (!name.matches("msgstore(\\.[a-z]+)+")) {
      throw new IllegalArgumentException("not a dotted lower-case msgstore name: " + name);
    }
    if (!unit.matches("[a-z]+")) {
      throw new IllegalArgumentException(name + ": the unit is one lower-case word: " + unit);
    }
    if (name.endsWith("." + unit)) {
      throw new IllegalArgumentException(
          name + ": ends with its unit, which Payara would write twice (" + unit + ")");
    }
    tags = Map.copyOf(tags);
  }

  /**
   * The Micrometer meter name: the name and the unit, {@code msgstore.spooler.delivered.recipients}
   * (see {@code MicrometerBinding} for why the unit is in the name there).
   */
  public String meterName() {
    return name + "." + unit;
  }

  /**
   * The name Micrometer's Prometheus registry (WildFly) writes: underscores, the unit appended, and
   * {@code _total} for a counter.
   */
  public String wildFlyName() {
    return withUnit() + (type == Type.COUNTER ? "_total" : "");
  }

  /**
   * The name Payara's MicroProfile Metrics endpoint writes. MicroProfile Metrics 5 has no counter
   * read from a function, so every metric is a gauge there: no {@code _total}.
   */
  public String payaraName() {
    return withUnit();
  }

  /** The tags as Prometheus writes them, in key order: {@code lane="urgent"}, or empty. */
  public String prometheusTags() {
    return new TreeMap<>(tags)
        .entrySet().stream()
            .map(e -> e.getKey() + "=\"" + e.getValue() + "\"")
            .collect(Collectors.joining(","));
  }

  private String withUnit() {
    return name.replace('.', '_') + "_" + unit;
  }
}
