package org.msgstore.ra.access;

import java.util.List;

/**
 * {@code allowedSenders}: the sender addresses a connection definition's messages may carry, as
 * addresses, {@code @domain} (any address of that domain) or patterns with {@code *}. Compared
 * without regard to case. No entry: every sender.
 */
final class SenderRule {
  static final String SETTING = "allowedSenders";

  private final List<NamePattern> patterns;

  private SenderRule(List<NamePattern> patterns) {
    this.patterns = patterns;
  }

  static SenderRule parse(String value, List<String> problems) {
    return new SenderRule(
        PatternList.entries(SETTING, value, SenderRule::problem, problems).stream()
            .map(e -> NamePattern.of(e, e.startsWith("@") ? "*" + e : e, true))
            .toList());
  }

  private static String problem(String entry) {
    String control = PatternList.controlCharacter(entry);
    if (control != null) {
      return control;
    }
    for (int i = 0; i < entry.length(); i++) {
      char c = entry.charAt(i);
      if (Character.isWhitespace(c) || c == '<' || c == '>' || c == '"') {
        return "has '" + c + "' at index " + i + "; write a bare address such as a@shop.example";
      }
    }
    int at = entry.lastIndexOf('@');
    if (at < 0 || at == entry.length() - 1) {
      return "is neither an address (orders@shop.example) nor a domain (@shop.example)";
    }
    return null;
  }

  boolean isOpen() {
    return patterns.isEmpty();
  }

  boolean allows(String address) {
    return isOpen() || patterns.stream().anyMatch(p -> p.matches(address.strip()));
  }

  @Override
  public String toString() {
    return SETTING + "=" + String.join(",", patterns.stream().map(NamePattern::text).toList());
  }
}
