package org.msgstore.transport.smtp.throttle;

import java.time.Duration;
import java.util.Locale;

/**
 * A number of messages per second, minute or hour, as written in the rate settings: {@code 20/s},
 * {@code 300/min}, {@code 5000/h}.
 *
 * @param messages how many (1..1,000,000)
 * @param per in how long
 */
public record Rate(long messages, Duration per) {
  static final long MAX_MESSAGES = 1_000_000;

  /** The rate {@code text} says, or null with {@code problem} told why (naming the setting). */
  static Rate parse(String setting, String text, java.util.function.Consumer<String> problem) {
    String t = text.trim();
    int slash = t.indexOf('/');
    if (slash > 0) {
      Duration per =
          switch (t.substring(slash + 1).trim().toLowerCase(Locale.ROOT)) {
            case "s", "sec" -> Duration.ofSeconds(1);
            case "min", "m" -> Duration.ofMinutes(1);
            case "h" -> Duration.ofHours(1);
            default -> null;
          };
      try {
        long n = Long.parseLong(t.substring(0, slash).trim());
        if (per != null && n >= 1 && n <= MAX_MESSAGES) {
          return new Rate(n, per);
        }
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    problem.accept(
        setting
            + " has rate '"
            + text
            + "' but a rate is a whole number of messages from 1 to "
            + MAX_MESSAGES
            + " per s, min or h, e.g. 20/s or 300/min");
    return null;
  }

  /** Nanoseconds between two messages at this rate, shared by {@code nodes} servers. */
  long intervalNanos(int nodes) {
    return per.toNanos() / messages * Math.max(1, nodes);
  }

  /** Messages per second at this rate, divided among {@code nodes}. */
  double perSecond(int nodes) {
    return messages * 1e9 / per.toNanos() / Math.max(1, nodes);
  }

  @Override
  public String toString() {
    String unit =
        per.equals(Duration.ofSeconds(1)) ? "s" : per.equals(Duration.ofMinutes(1)) ? "min" : "h";
    return messages + "/" + unit;
  }
}
