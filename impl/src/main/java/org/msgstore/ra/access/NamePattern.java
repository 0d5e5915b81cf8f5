package org.msgstore.ra.access;

import java.util.Locale;
import java.util.StringJoiner;
import java.util.regex.Pattern;

/**
 * One entry of an access setting: a literal name, or a pattern in which {@code *} stands for any
 * run of characters (also none). Nothing else is special, so an administrator's dot or plus means
 * itself.
 */
record NamePattern(String text, Pattern regex) {

  /** {@code ignoreCase} for addresses (RFC 5321 domains; local parts in practice). */
  static NamePattern of(String text, boolean ignoreCase) {
    return of(text, text, ignoreCase);
  }

  /** {@code shown} as written by the administrator, matching as {@code pattern}. */
  static NamePattern of(String shown, String pattern, boolean ignoreCase) {
    StringJoiner regex = new StringJoiner(".*");
    for (String literal : pattern.split("\\*", -1)) {
      regex.add(literal.isEmpty() ? "" : Pattern.quote(literal));
    }
    String source = regex.toString();
    return new NamePattern(
        ignoreCase ? shown.toLowerCase(Locale.ROOT) : shown,
        Pattern.compile(source, ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0));
  }

  boolean matches(String name) {
    return regex.matcher(name).matches();
  }

  @Override
  public String toString() {
    return text;
  }
}
