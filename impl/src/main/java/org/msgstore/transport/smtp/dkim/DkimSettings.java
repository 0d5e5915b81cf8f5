package org.msgstore.transport.smtp.dkim;

import static org.msgstore.config.ConfigProperties.DKIM_KEYS;
import static org.msgstore.config.ConfigProperties.DKIM_KEY_STORE;
import static org.msgstore.config.ConfigProperties.DKIM_KEY_STORE_PASSWORD;
import static org.msgstore.config.ConfigProperties.DKIM_REQUIRED;

import java.net.IDN;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.msgstore.MapiError;
import org.msgstore.MapiException;

/**
 * The DKIM settings, read from the transport's settings and checked as a whole: every entry of
 * {@code dkimKeys} is parsed and its key read once, so a wrong path, a wrong password or an
 * unusable key stops the adapter's start instead of the first message. Every problem is collected
 * before failing, each naming the setting and the entry.
 *
 * <p>{@code dkimKeys} is one line of {@code domain=selector:key} entries, separated by commas (or
 * line breaks in ra.xml): one setting an administrator sets with the CLI beside the other {@code
 * smtp*} ones, shown by {@code read-resource} / {@code asadmin get}, and validated with them; only
 * the keys themselves are files.
 */
final class DkimSettings {
  /** One signing domain: its selector and key. */
  record Domain(String name, String selector, SigningKey key) {}

  private static final String KEYSTORE_PREFIX = "keystore:";

  /** A DNS label: letters, digits, hyphens inside; what selectors and domains are made of. */
  private static final Pattern NAME =
      Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");

  final Map<String, Domain> domains;
  final boolean required;

  private DkimSettings(Map<String, Domain> domains, boolean required) {
    this.domains = domains;
    this.required = required;
  }

  /**
   * Parses the settings and reads every key once.
   *
   * @throws MapiException {@code MAPI_E_INVALID_PARAMETER} naming every problem found
   */
  static DkimSettings parse(Map<String, String> settings) {
    Map<String, String> raw = settings == null ? Map.of() : settings;
    List<String> problems = new ArrayList<>();
    String keys = value(raw, DKIM_KEYS.name());
    String store = value(raw, DKIM_KEY_STORE.name());
    String password = raw.getOrDefault(DKIM_KEY_STORE_PASSWORD.name(), "");
    String requiredText = value(raw, DKIM_REQUIRED.name());
    boolean required = "true".equalsIgnoreCase(requiredText);
    if (!requiredText.isEmpty() && !required && !"false".equalsIgnoreCase(requiredText)) {
      problems.add("dkimRequired is '" + requiredText + "' but must be true or false");
    }
    Path storePath = store.isEmpty() ? null : absolute(store, DKIM_KEY_STORE.name(), problems);
    Map<String, Domain> domains = new LinkedHashMap<>();
    for (String entry : keys.split("[,\\r\\n]+")) {
      entry = entry.strip();
      if (!entry.isEmpty()) {
        Domain d = entry(entry, storePath, store, password.toCharArray(), problems);
        if (d != null && domains.putIfAbsent(d.name(), d) != null) {
          problems.add("dkimKeys names the domain " + d.name() + " twice");
        }
      }
    }
    if (required && domains.isEmpty()) {
      problems.add("dkimRequired is true but dkimKeys is empty: no message could be sent");
    }
    if (!problems.isEmpty()) {
      throw new MapiException(
          MapiError.MAPI_E_INVALID_PARAMETER,
          "the DKIM signing settings have "
              + problems.size()
              + " problem(s): "
              + String.join("; ", problems));
    }
    return new DkimSettings(Map.copyOf(domains), required);
  }

  private static Domain entry(
      String entry, Path storePath, String store, char[] password, List<String> problems) {
    String where = "dkimKeys entry '" + entry + "'";
    int eq = entry.indexOf('=');
    int colon = entry.indexOf(':', eq + 1);
    if (eq < 0 || colon < 0) {
      problems.add(where + " is not domain=selector:key");
      return null;
    }
    String domain = asciiName(entry.substring(0, eq));
    String selector = entry.substring(eq + 1, colon).strip().toLowerCase(Locale.ROOT);
    String key = entry.substring(colon + 1).strip();
    int before = problems.size();
    if (domain == null || !domain.contains(".")) {
      problems.add(where + ": '" + entry.substring(0, eq).strip() + "' is not a domain name");
    }
    if (!NAME.matcher(selector).matches()) {
      problems.add(where + ": '" + selector + "' is not a selector (letters, digits, - and .)");
    }
    SigningKey signingKey = null;
    if (key.startsWith(KEYSTORE_PREFIX)) {
      String alias = key.substring(KEYSTORE_PREFIX.length()).strip();
      if (store.isEmpty()) {
        problems.add(where + " names a keystore key but dkimKeyStore is not set");
      } else if (alias.isEmpty()) {
        problems.add(where + ": keystore: needs an alias");
      } else if (storePath != null) {
        signingKey = SigningKey.keyStoreEntry(storePath, password, alias);
      }
    } else if (key.isEmpty()) {
      problems.add(where + " has no key file");
    } else {
      Path file = absolute(key, where, problems);
      if (file != null) {
        signingKey = SigningKey.pemFile(file);
      }
    }
    if (signingKey == null || problems.size() > before) {
      return null;
    }
    try {
      signingKey.current();
    } catch (KeyProblem e) {
      problems.add(where + ": " + e.getMessage());
      return null;
    }
    return new Domain(domain, selector, signingKey);
  }

  /** A host name in lower-case ASCII (an international one as its A-labels), or null. */
  static String asciiName(String name) {
    try {
      String ascii = IDN.toASCII(name.strip()).toLowerCase(Locale.ROOT);
      return NAME.matcher(ascii).matches() ? ascii : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static Path absolute(String path, String where, List<String> problems) {
    try {
      Path p = Path.of(path);
      if (p.isAbsolute()) {
        return p;
      }
    } catch (InvalidPathException e) {
      // reported below
    }
    problems.add(where + ": '" + path + "' is not an absolute path");
    return null;
  }

  private static String value(Map<String, String> raw, String key) {
    String v = raw.get(key);
    return v == null ? "" : v.strip();
  }
}
