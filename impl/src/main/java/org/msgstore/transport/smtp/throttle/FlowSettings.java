package org.msgstore.transport.smtp.throttle;

import static org.msgstore.config.ConfigProperties.SMTP_DOMAIN_RATES;
import static org.msgstore.config.ConfigProperties.SMTP_RATE;
import static org.msgstore.config.ConfigProperties.SMTP_RELAY_RATES;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The rate settings, read and checked: {@code smtpRate} (one rate), {@code smtpRelayRates} and
 * {@code smtpDomainRates} (comma-separated {@code name=rate} entries). Every problem names its
 * setting and is collected, so that one start failure lists them all.
 *
 * @param transport smtpRate, or null
 * @param relays by relay name ({@code host:port} as the relays are configured)
 * @param domains by domain, lower case
 */
record FlowSettings(Rate transport, Map<String, Rate> relays, Map<String, Rate> domains) {

  static FlowSettings parse(
      Map<String, String> raw, Collection<String> relayNames, List<String> problems) {
    String rate = text(raw, SMTP_RATE.name());
    Rate transport = rate == null ? null : Rate.parse(SMTP_RATE.name(), rate, problems::add);
    Map<String, Rate> relays = entries(raw, SMTP_RELAY_RATES.name(), problems);
    for (String relay : relays.keySet()) {
      if (!relayNames.contains(relay)) {
        problems.add(
            SMTP_RELAY_RATES.name()
                + " names relay '"
                + relay
                + "', which is not one of the configured relays "
                + relayNames
                + " (smtpHost:smtpPort and smtpFallbackRelays, as host:port)");
      }
    }
    Map<String, Rate> domains = entries(raw, SMTP_DOMAIN_RATES.name(), problems);
    for (String domain : domains.keySet()) {
      if (domain.startsWith(".")
          || domain.endsWith(".")
          || domain.contains("@")
          || domain.contains(":")
          || domain.chars().anyMatch(Character::isWhitespace)) {
        problems.add(
            SMTP_DOMAIN_RATES.name()
                + " has '"
                + domain
                + "', which is not a mail domain (e.g. gmail.com=20/s)");
      }
    }
    return new FlowSettings(transport, relays, domains);
  }

  private static Map<String, Rate> entries(
      Map<String, String> raw, String setting, List<String> problems) {
    Map<String, Rate> out = new LinkedHashMap<>();
    String text = text(raw, setting);
    if (text == null) {
      return out;
    }
    for (String entry : text.split(",")) {
      int eq = entry.lastIndexOf('=');
      String name = eq < 0 ? "" : entry.substring(0, eq).trim().toLowerCase(Locale.ROOT);
      if (name.isEmpty()) {
        problems.add(
            setting
                + " has entry '"
                + entry.trim()
                + "' but each entry is name=rate, comma-separated, e.g. gmail.com=20/s");
        continue;
      }
      Rate r = Rate.parse(setting, entry.substring(eq + 1), problems::add);
      if (r != null && out.putIfAbsent(name, r) != null) {
        problems.add(setting + " names '" + name + "' twice");
      }
    }
    return out;
  }

  private static String text(Map<String, String> raw, String key) {
    String v = raw == null ? null : raw.get(key);
    return v == null || v.isBlank() ? null : v.trim();
  }

  boolean any() {
    return transport != null || !relays.isEmpty() || !domains.isEmpty();
  }

  @Override
  public String toString() {
    return SMTP_RATE.name()
        + "="
        + (transport == null ? "(none)" : transport)
        + ", "
        + SMTP_RELAY_RATES.name()
        + "="
        + relays
        + ", "
        + SMTP_DOMAIN_RATES.name()
        + "="
        + domains;
  }
}
