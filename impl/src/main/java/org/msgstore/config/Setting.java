package org.msgstore.config;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One config-property, defined once: name, type, default, range, description, whether it is
 * confidential and its scope (which gives the level). Validation, the masked start line, equality
 * of the adapter and connection definition, the transports' defaults and ranges, and the checks on
 * ra.xml and the README all read this definition. The constants live in {@link ConfigProperties}.
 *
 * @param <T> the JavaBean type of the setter and getter (String, Integer, Long or Boolean), as
 *     ra.xml's {@code config-property-type} names it
 */
public final class Setting<T> implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final Pattern URL_PASSWORD = Pattern.compile("(?i)(password=)[^;&]*");

  private final Scope scope;
  private final String name;
  private final Class<T> type;
  private final T defaultValue;
  private final Long min;
  private final Long max;
  private final String description;
  private final boolean confidential;
  private final String label;
  private final String defaultNote;

  private Setting(
      Scope scope,
      String name,
      Class<T> type,
      T defaultValue,
      Long min,
      Long max,
      String description,
      boolean confidential,
      String label,
      String defaultNote) {
    this.scope = Objects.requireNonNull(scope);
    this.name = Objects.requireNonNull(name);
    this.type = Objects.requireNonNull(type);
    this.defaultValue = Objects.requireNonNull(defaultValue, name + " needs a default");
    this.min = min;
    this.max = max;
    this.description = Objects.requireNonNull(description);
    this.confidential = confidential;
    this.label = label;
    this.defaultNote = defaultNote;
  }

  /** A text setting; an empty default means "not set" (ra.xml then gives no value). */
  public static Setting<String> text(
      Scope scope, String name, String defaultValue, String description) {
    return new Setting<>(
        scope, name, String.class, defaultValue, null, null, description, false, name, null);
  }

  /** A whole number from {@code min} to {@code max}, both included. */
  public static Setting<Integer> integer(
      Scope scope, String name, int defaultValue, int min, int max, String description) {
    return new Setting<>(
        scope,
        name,
        Integer.class,
        defaultValue,
        (long) min,
        (long) max,
        description,
        false,
        name,
        null);
  }

  /** A long of at least {@code min}, with no upper bound. */
  public static Setting<Long> atLeast(
      Scope scope, String name, long defaultValue, long min, String description) {
    return new Setting<>(
        scope, name, Long.class, defaultValue, min, null, description, false, name, null);
  }

  public static Setting<Boolean> flag(
      Scope scope, String name, boolean defaultValue, String description) {
    return new Setting<>(
        scope, name, Boolean.class, defaultValue, null, null, description, false, name, null);
  }

  /** The same setting, marked confidential: consoles hide it and the start line shows ****. */
  public Setting<T> confidential() {
    return new Setting<>(
        scope, name, type, defaultValue, min, max, description, true, label, defaultNote);
  }

  /**
   * The same setting, shown under {@code label} in the start line. Only for the settings whose
   * start-line name predates this model: operators' log searches rely on it.
   */
  public Setting<T> shownAs(String label) {
    return new Setting<>(
        scope, name, type, defaultValue, min, max, description, confidential, label, defaultNote);
  }

  /** The same setting, with {@code note} after the default in its range message. */
  public Setting<T> defaultNote(String note) {
    return new Setting<>(
        scope, name, type, defaultValue, min, max, description, confidential, label, note);
  }

  public Scope scope() {
    return scope;
  }

  public String name() {
    return name;
  }

  public Class<T> type() {
    return type;
  }

  public T defaultValue() {
    return defaultValue;
  }

  /** The least value allowed, or null when the type has no range. */
  public Long min() {
    return min;
  }

  /** The greatest value allowed, or null when there is no upper bound. */
  public Long max() {
    return max;
  }

  public String description() {
    return description;
  }

  public boolean isConfidential() {
    return confidential;
  }

  /** The name in the adapter's start line. */
  public String label() {
    return label;
  }

  /** The default as ra.xml's {@code config-property-value} and the README write it. */
  public String defaultText() {
    return String.valueOf(defaultValue);
  }

  /** {@code value}, or the default when it is null. */
  public T orDefault(T value) {
    return value == null ? defaultValue : value;
  }

  /** Adds this setting's range problem with {@code value} to {@code problems}, if it has one. */
  void checkRange(T value, List<String> problems) {
    if (min == null || !(value instanceof Number number)) {
      return;
    }
    long v = number.longValue();
    String shownDefault = defaultText() + (defaultNote == null ? "" : ", " + defaultNote);
    if (max == null && v < min) {
      problems.add(
          name
              + "="
              + v
              + (name.endsWith("Ms") ? " is too short" : " is too small")
              + "; use at least "
              + min
              + " (default "
              + shownDefault
              + ")");
    } else if (max != null && (v < min || v > max)) {
      problems.add(
          name
              + "="
              + v
              + " is out of range; use "
              + min
              + ".."
              + max
              + " (default "
              + shownDefault
              + ")");
    }
  }

  /**
   * {@code value} as the start line shows it: a confidential value as **** (empty stays empty, so
   * "not set" is visible), and any {@code password=} inside a value (a JDBC URL's) masked.
   */
  public String shown(Object value) {
    String text = value == null ? "" : value.toString();
    if (confidential) {
      return text.isEmpty() ? "" : "****";
    }
    return maskUrlPassword(text);
  }

  /** {@code text} with the value of every {@code password=} parameter replaced by ****. */
  public static String maskUrlPassword(String text) {
    return URL_PASSWORD.matcher(text).replaceAll("$1****");
  }

  @Override
  public String toString() {
    return name;
  }
}
