package org.msgstore.transport.smtp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads {@code smtpFallbackRelays} and {@code smtpFallbackCredentials}: the relays tried after
 * {@code smtpHost}, each with its own login if it has one. Problems are collected, never thrown,
 * and never quote a password.
 */
final class FallbackRelays {
  /**
   * One fallback relay.
   *
   * @param implicitTls true for {@code smtps://}, null to use smtpHost's TLS settings
   * @param user null to use smtpUser/smtpPassword
   */
  record Relay(String host, int port, Boolean implicitTls, String user, String password) {
    String name() {
      return host + ":" + port;
    }
  }

  private FallbackRelays() {}

  static List<Relay> parse(
      String relays, String credentials, int defaultPort, List<String> problems) {
    Map<String, String[]> logins = logins(credentials, problems);
    List<Relay> out = new ArrayList<>();
    if (relays == null) {
      if (!logins.isEmpty()) {
        problems.add("smtpFallbackCredentials is set but smtpFallbackRelays is empty");
      }
      return out;
    }
    for (String entry : relays.split(",")) {
      String e = entry.trim();
      if (e.isEmpty()) {
        continue;
      }
      Boolean implicit = null;
      String rest = e;
      String lower = e.toLowerCase(Locale.ROOT);
      if (lower.startsWith("smtps://")) {
        implicit = true;
        rest = e.substring("smtps://".length());
      } else if (lower.startsWith("smtp://")) {
        implicit = false;
        rest = e.substring("smtp://".length());
      }
      int colon = rest.lastIndexOf(':');
      boolean bracketed = rest.startsWith("[");
      if (bracketed && colon < rest.indexOf(']')) {
        colon = -1; // an IPv6 literal without a port
      }
      String host = colon < 0 ? rest : rest.substring(0, colon);
      int port = Boolean.TRUE.equals(implicit) ? 465 : defaultPort;
      if (colon >= 0) {
        try {
          port = Integer.parseInt(rest.substring(colon + 1));
        } catch (NumberFormatException x) {
          port = -1;
        }
      }
      if (bracketed && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      if (host.isBlank()
          || host.chars().anyMatch(c -> c <= ' ' || c == '/')
          || port < 1
          || port > 65535) {
        problems.add(
            "smtpFallbackRelays entry '"
                + e
                + "' must be host:port or smtps://host:port with a port from 1 to 65535");
        continue;
      }
      String[] login = logins.remove(key(host, port));
      out.add(
          new Relay(
              host,
              port,
              implicit,
              login == null ? null : login[0],
              login == null ? null : login[1]));
    }
    for (String unused : logins.keySet()) {
      problems.add(
          "smtpFallbackCredentials names " + unused + ", which is not in smtpFallbackRelays");
    }
    return out;
  }

  private static String key(String host, int port) {
    return host.toLowerCase(Locale.ROOT) + ":" + port;
  }

  /** host:port (lower case) to {user, password}. */
  private static Map<String, String[]> logins(String credentials, List<String> problems) {
    Map<String, String[]> logins = new LinkedHashMap<>();
    if (credentials == null) {
      return logins;
    }
    int n = 0;
    for (String entry : credentials.split(",")) {
      n++;
      String e = entry.trim();
      if (e.isEmpty()) {
        continue;
      }
      int eq = e.indexOf('=');
      int colon = eq < 0 ? -1 : e.indexOf(':', eq + 1);
      int portColon = eq < 0 ? -1 : e.lastIndexOf(':', eq);
      if (eq < 0 || colon < 0 || portColon < 0 || colon == eq + 1) {
        // Only the entry's number: the text may hold a password.
        problems.add("smtpFallbackCredentials entry " + n + " must be host:port=user:password");
        continue;
      }
      String relay = e.substring(0, eq).trim();
      String host = relay.substring(0, relay.lastIndexOf(':'));
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      int port;
      try {
        port = Integer.parseInt(relay.substring(relay.lastIndexOf(':') + 1));
      } catch (NumberFormatException x) {
        problems.add("smtpFallbackCredentials entry " + n + " has no port number before '='");
        continue;
      }
      logins.put(
          key(host, port),
          new String[] {e.substring(eq + 1, colon), percentDecoded(e.substring(colon + 1))});
    }
    return logins;
  }

  /** %XX escapes only: a plus sign stays a plus sign, unlike form decoding. */
  static String percentDecoded(String s) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '%'
          && i + 2 < bytes.length
          && hex(bytes[i + 1]) >= 0
          && hex(bytes[i + 2]) >= 0) {
        out.write(hex(bytes[i + 1]) * 16 + hex(bytes[i + 2]));
        i += 2;
      } else {
        out.write(bytes[i]);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static int hex(byte b) {
    return Character.digit(b, 16);
  }
}
