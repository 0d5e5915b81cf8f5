package org.msgstore.transport.smtp;

import static org.msgstore.config.ConfigProperties.SMTP_START_TLS;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.io.File;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.msgstore.config.Setting;
import org.msgstore.transport.smtp.SmtpSettings.StartTls;

/** Reads values and records problems instead of throwing, so one error shows them all. */
final class SmtpSettingsParser {
  final Map<String, String> raw;
  final List<String> problems = new ArrayList<>();

  SmtpSettingsParser(Map<String, String> raw) {
    this.raw = raw;
  }

  /** The trimmed value, or {@code fallback} when the key is absent or empty. */
  String string(String key, String fallback) {
    String v = raw.get(key);
    return v == null || v.isEmpty() ? fallback : v.trim();
  }

  /** The trimmed value, or the setting's default when it is absent or empty. */
  String string(Setting<String> setting) {
    return string(setting.name(), setting.defaultValue());
  }

  /** The trimmed value, or null when it is absent or empty: the setting is not used. */
  String optional(Setting<String> setting) {
    return string(setting.name(), null);
  }

  /** The value within the setting's range, or its default when absent (or wrong: reported). */
  int integer(Setting<Integer> setting) {
    String key = setting.name();
    long min = setting.min();
    long max = setting.max();
    String v = string(key, null);
    if (v == null) {
      return setting.defaultValue();
    }
    try {
      int n = Integer.parseInt(v);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below, like an out-of-range number
    }
    problems.add(key + " is '" + v + "' but must be a whole number from " + min + " to " + max);
    return setting.defaultValue();
  }

  boolean flag(Setting<Boolean> setting) {
    String v = string(setting.name(), null);
    if (v == null) {
      return setting.defaultValue();
    }
    if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(v.toLowerCase(Locale.ROOT));
    }
    problems.add(setting.name() + " is '" + v + "' but must be true or false");
    return setting.defaultValue();
  }

  /** The TLS socket factory; a trust store that cannot be read is a problem naming it. */
  SSLSocketFactory tlsSockets(String path, String password) {
    try {
      if (path == null) {
        return SSLContext.getDefault().getSocketFactory();
      }
      File file = new File(path);
      if (!file.isAbsolute() || !file.canRead()) {
        problems.add("smtpTrustStore '" + path + "' must be the absolute path of a readable file");
        return SSLContext.getDefault().getSocketFactory();
      }
      // PKCS12 or JKS, told apart by the file's content.
      KeyStore trusted =
          KeyStore.getInstance(file, password == null ? new char[0] : password.toCharArray());
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trusted);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, tmf.getTrustManagers(), null);
      return context.getSocketFactory();
    } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
      // The message may say the password was wrong; it never contains it.
      problems.add(
          "smtpTrustStore '"
              + path
              + "' cannot be read as a PKCS12 or JKS trust store with smtpTrustStorePassword: "
              + e.getMessage());
      return null;
    }
  }

  StartTls startTls() {
    String v = string(SMTP_START_TLS).toLowerCase(Locale.ROOT);
    switch (v) {
      case "false":
        return StartTls.OFF;
      case "true":
        return StartTls.ENABLED;
      case "required":
        return StartTls.REQUIRED;
      default:
        problems.add("smtpStartTls is '" + v + "' but must be false, true or required");
        return StartTls.OFF;
    }
  }

  InternetAddress address(Setting<String> setting) {
    String key = setting.name();
    String v = string(key, null);
    if (v == null) {
      return null;
    }
    try {
      return new InternetAddress(v, true);
    } catch (AddressException e) {
      problems.add(key + " '" + v + "' is not an RFC 5322 address: " + e.getMessage());
      return null;
    }
  }
}
