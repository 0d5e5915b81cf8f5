package org.msgstore.ra.access;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.msgstore.config.ConfigProperties;
import org.msgstore.config.Setting;
import org.msgstore.config.SettingValues;

/**
 * How the start-up lines of the access rules name a connection definition, so that an administrator
 * with several finds the one meant: by the JNDI name when the server tells it when the connection
 * factory is made, and always by the settings that tell definitions apart. The rules line lists the
 * access settings itself, so it names the definition by its defaultMailbox beside them; the open
 * warning lists what is open, so it also names the access settings that were set.
 *
 * @param jndiName the JNDI name of the connection factory; null when the server does not say it yet
 *     (WildFly binds the factory after making it)
 */
public record DefinitionName(String jndiName, String defaultMailbox, List<String> accessSet) {
  public DefinitionName {
    accessSet = List.copyOf(accessSet);
  }

  /**
   * The name of the definition with {@code values}: {@code jndiName} (or null), its defaultMailbox
   * and every access setting whose value is not the default, as {@code name=value}.
   */
  public static DefinitionName of(String jndiName, SettingValues values) {
    List<String> set = new ArrayList<>();
    for (Setting<?> s : values.definitions()) {
      Object value = values.value(s);
      if (s != ConfigProperties.DEFAULT_MAILBOX && !Objects.equals(value, s.defaultValue())) {
        set.add(s.name() + "=" + s.shown(value));
      }
    }
    return new DefinitionName(
        jndiName == null || jndiName.isBlank() ? null : jndiName.strip(),
        values.value(ConfigProperties.DEFAULT_MAILBOX),
        set);
  }

  /** For the rules line, which lists the access settings itself. */
  String besideRules() {
    return (jndiName == null ? "" : "JNDI name " + jndiName + ", ")
        + "defaultMailbox="
        + defaultMailbox;
  }

  /** For the open-definition warning: also the access settings that were set. */
  String withSettings() {
    StringBuilder name = new StringBuilder(besideRules());
    for (String s : accessSet) {
      name.append(", ").append(s);
    }
    return name.toString();
  }
}
