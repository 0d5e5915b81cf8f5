package org.msgstore.ra.access;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Splits a comma-separated access setting into its entries, reporting each bad one by name. */
final class PatternList {
  private PatternList() {}

  /**
   * The entries of {@code value} (blank entries between commas are skipped); each passes {@code
   * check}, which returns null or what is wrong with it, added to {@code problems} with the setting
   * named.
   */
  static List<String> entries(
      String setting, String value, Function<String, String> check, List<String> problems) {
    List<String> entries = new ArrayList<>();
    if (value == null) {
      return entries;
    }
    for (String raw : value.split(",")) {
      String entry = raw.strip();
      if (entry.isEmpty()) {
        continue;
      }
      String problem = check.apply(entry);
      if (problem != null) {
        problems.add(setting + " entry '" + entry + "' " + problem);
      } else {
        entries.add(entry);
      }
    }
    return entries;
  }

  /** A control character would break the log line that shows the entry. */
  static String controlCharacter(String entry) {
    for (int i = 0; i < entry.length(); i++) {
      if (Character.isISOControl(entry.charAt(i))) {
        return "has a control character at index " + i;
      }
    }
    return null;
  }
}
