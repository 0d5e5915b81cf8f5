package org.msgstore.ra.access;

import java.util.List;

/**
 * {@code allowedMailboxes}: the mailboxes a connection definition may open, by name or pattern.
 * Mailbox names are compared as the store keys them, case and all. No entry: every mailbox.
 */
final class MailboxRule {
  static final String SETTING = "allowedMailboxes";

  /** As a mailbox name may be at most 255 characters, so may a pattern for one. */
  private static final int MAX_LENGTH = 255;

  private final List<NamePattern> patterns;

  private MailboxRule(List<NamePattern> patterns) {
    this.patterns = patterns;
  }

  static MailboxRule parse(String value, List<String> problems) {
    return new MailboxRule(
        PatternList.entries(SETTING, value, MailboxRule::problem, problems).stream()
            .map(e -> NamePattern.of(e, false))
            .toList());
  }

  private static String problem(String entry) {
    if (entry.length() > MAX_LENGTH) {
      return "is longer than " + MAX_LENGTH + " characters, the longest mailbox name";
    }
    return PatternList.controlCharacter(entry);
  }

  boolean isOpen() {
    return patterns.isEmpty();
  }

  boolean allows(String mailbox) {
    return isOpen() || patterns.stream().anyMatch(p -> p.matches(mailbox));
  }

  /** The rule as the administrator wrote it, for refusals and the start line. */
  @Override
  public String toString() {
    return SETTING + "=" + String.join(",", patterns.stream().map(NamePattern::text).toList());
  }
}
