package org.msgstore.config;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The values of a set of {@link Setting}s, as the container set them on the adapter or a connection
 * definition: the one object the JavaBean setters hand their values to. It starts with every
 * default; a setter may store null, which every reader takes as the default. Equal exactly when the
 * same settings have the same values, which is what the Connectors specification compares adapters
 * and connection definitions by.
 */
public final class SettingValues implements Serializable {
  private static final long serialVersionUID = 1L;

  private final List<Setting<?>> definitions;

  /** By setting name; serializable, as a connection definition is. */
  private final LinkedHashMap<String, Object> values = new LinkedHashMap<>();

  public SettingValues(List<Setting<?>> definitions) {
    this.definitions = List.copyOf(definitions);
    for (Setting<?> s : this.definitions) {
      if (values.put(s.name(), s.defaultValue()) != null) {
        throw new IllegalArgumentException(s.name() + " is listed twice");
      }
    }
  }

  /** An independent copy: later changes to either do not show in the other. */
  public SettingValues copy() {
    SettingValues copy = new SettingValues(definitions);
    copy.values.putAll(values);
    return copy;
  }

  public List<Setting<?>> definitions() {
    return definitions;
  }

  /** The value as set (null when the container set null). */
  public <T> T get(Setting<T> setting) {
    return setting.type().cast(values.get(known(setting)));
  }

  public <T> void set(Setting<T> setting, T value) {
    values.put(known(setting), value);
  }

  /** The value as set, or the default when it was set to null. */
  public <T> T value(Setting<T> setting) {
    return setting.orDefault(get(setting));
  }

  /**
   * Every range problem of the settings the adapter validates (not the transports': they check
   * their own), in definition order, in the form "name=value is out of range; use min..max (default
   * d)".
   */
  public List<String> rangeProblems() {
    List<String> problems = new ArrayList<>();
    for (Setting<?> s : definitions) {
      if (s.scope().checkedByAdapter()) {
        checkRange(s, problems);
      }
    }
    return problems;
  }

  private <T> void checkRange(Setting<T> setting, List<String> problems) {
    setting.checkRange(value(setting), problems);
  }

  /** The values of {@code scope}'s settings as text, defaults applied: what a transport reads. */
  public Map<String, String> asText(Scope scope) {
    Map<String, String> text = new LinkedHashMap<>();
    for (Setting<?> s : definitions) {
      if (s.scope() == scope) {
        text.put(s.name(), String.valueOf(value(s)));
      }
    }
    return text;
  }

  /**
   * {@code label=value, ...} for {@code scope}'s settings, secrets masked, for the start line.
   * {@code resolved} replaces a raw value with what the adapter made of it (a default directory, a
   * node name).
   */
  public String shown(Scope scope, Map<Setting<?>, Object> resolved) {
    StringJoiner line = new StringJoiner(", ");
    for (Setting<?> s : definitions) {
      if (s.scope() == scope) {
        Object v = resolved.containsKey(s) ? resolved.get(s) : value(s);
        line.add(s.label() + "=" + s.shown(v));
      }
    }
    return line.toString();
  }

  private String known(Setting<?> setting) {
    if (!values.containsKey(setting.name())) {
      throw new IllegalArgumentException(setting.name() + " is not one of " + definitions);
    }
    return setting.name();
  }

  @Override
  public boolean equals(Object o) {
    return o == this || (o instanceof SettingValues other && values.equals(other.values));
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    return values.keySet().toString();
  }
}
