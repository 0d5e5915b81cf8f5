package org.msgstore.ra;

import jakarta.resource.spi.ResourceAdapterInternalException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.msgstore.store.StoreSettings;

/**
 * The resource adapter's configuration, resolved and validated once at {@code start()} and
 * immutable afterwards. The config-property setters on {@link MsgStoreResourceAdapter} only collect
 * raw values; every default, derived value and rule lives here, so there is one place to read what
 * a setting means.
 */
final class AdapterSettings {
  /** Empty: the embedded H2 database {@code <storeDirectory>/msgstore}. */
  static final String DEFAULT_JDBC_URL = "";

  static final String DEFAULT_JDBC_USER = "";
  static final String DEFAULT_JDBC_PASSWORD = "";

  /** Empty: the server's data directory (WildFly, Payara), else {@code ~/.msgstore}. */
  static final String DEFAULT_STORE_DIRECTORY = "";

  static final int DEFAULT_LOCK_TIMEOUT_MS = 10_000;
  static final int MAX_LOCK_TIMEOUT_MS = 3_600_000;

  /** H2 without it keeps commits in memory for up to half a second: a crash loses them. */
  static final String H2_DURABLE_COMMITS = "WRITE_DELAY=0";

  static final String EMBEDDED_DATABASE_NAME = "msgstore";
  private static final String H2_PREFIX = "jdbc:h2:";
  private static final Pattern URL_PASSWORD = Pattern.compile("(?i)(password=)[^;&]*");

  private final String jdbcUrl;
  private final String jdbcUser;
  private final String jdbcPassword;
  private final Path storeDirectory;
  private final boolean embedded;
  private final int lockTimeoutMs;
  private final SpoolerConfig spooler;

  private AdapterSettings(
      String jdbcUrl,
      String jdbcUser,
      String jdbcPassword,
      Path storeDirectory,
      boolean embedded,
      int lockTimeoutMs,
      SpoolerConfig spooler) {
    this.jdbcUrl = jdbcUrl;
    this.jdbcUser = jdbcUser;
    this.jdbcPassword = jdbcPassword;
    this.storeDirectory = storeDirectory;
    this.embedded = embedded;
    this.lockTimeoutMs = lockTimeoutMs;
    this.spooler = spooler;
  }

  /**
   * Resolves defaults and checks every rule, reporting all problems at once so an administrator
   * fixes them in one round.
   *
   * @param systemProperty looks up a system property ({@code System::getProperty} in production)
   */
  static AdapterSettings resolve(
      String jdbcUrl,
      String jdbcUser,
      String jdbcPassword,
      String storeDirectory,
      Integer lockTimeoutMs,
      UnaryOperator<String> systemProperty)
      throws ResourceAdapterInternalException {
    return resolve(
        jdbcUrl,
        jdbcUser,
        jdbcPassword,
        storeDirectory,
        lockTimeoutMs,
        SpoolerConfig.Raw.defaults(),
        systemProperty);
  }

  /** As above, with the spooler's and transports' settings validated in the same round. */
  static AdapterSettings resolve(
      String jdbcUrl,
      String jdbcUser,
      String jdbcPassword,
      String storeDirectory,
      Integer lockTimeoutMs,
      SpoolerConfig.Raw spoolerRaw,
      UnaryOperator<String> systemProperty)
      throws ResourceAdapterInternalException {
    List<String> problems = new ArrayList<>();
    SpoolerConfig spooler = SpoolerConfig.resolve(spoolerRaw, systemProperty, problems);
    String url = trim(jdbcUrl);
    int timeout = lockTimeoutMs == null ? DEFAULT_LOCK_TIMEOUT_MS : lockTimeoutMs;
    if (timeout <= 0 || timeout > MAX_LOCK_TIMEOUT_MS) {
      problems.add(
          "lockTimeoutMs="
              + timeout
              + " is out of range; use 1.."
              + MAX_LOCK_TIMEOUT_MS
              + " (default "
              + DEFAULT_LOCK_TIMEOUT_MS
              + ")");
    }

    Path directory = resolveDirectory(trim(storeDirectory), systemProperty, problems);
    boolean embedded = url.isEmpty();
    if (embedded) {
      if (directory != null && directory.toString().contains(";")) {
        problems.add(
            "storeDirectory '" + directory + "' contains ';', which H2 reads as a URL setting");
      }
      url =
          directory == null
              ? ""
              : H2_PREFIX
                  + "file:"
                  + directory.resolve(EMBEDDED_DATABASE_NAME)
                  + ";"
                  + H2_DURABLE_COMMITS;
    } else if (!url.startsWith("jdbc:")) {
      problems.add("jdbcUrl '" + maskUrl(url) + "' is not a JDBC URL (it must start with 'jdbc:')");
    } else if (url.regionMatches(true, 0, H2_PREFIX, 0, H2_PREFIX.length())) {
      url = withDurableH2Commits(url, problems);
    }

    if (!problems.isEmpty()) {
      throw new ResourceAdapterInternalException(
          RaLog.msg(
              RaLog.INVALID_CONFIGURATION,
              "MsgStore resource adapter configuration is invalid ("
                  + problems.size()
                  + " problem"
                  + (problems.size() == 1 ? "" : "s")
                  + "): "
                  + String.join("; ", problems)));
    }
    return new AdapterSettings(
        url,
        trim(jdbcUser),
        jdbcPassword == null ? "" : jdbcPassword,
        directory,
        embedded,
        timeout,
        spooler);
  }

  private static Path resolveDirectory(
      String configured, UnaryOperator<String> systemProperty, List<String> problems) {
    if (!configured.isEmpty()) {
      Path path = Path.of(configured);
      if (!path.isAbsolute()) {
        // A relative path would depend on the server's working directory, which differs per start
        // script.
        problems.add("storeDirectory '" + configured + "' must be an absolute path");
        return null;
      }
      return path.normalize();
    }
    Optional<String> base =
        Optional.ofNullable(systemProperty.apply("jboss.server.data.dir"))
            .or(() -> Optional.ofNullable(systemProperty.apply("com.sun.aas.instanceRoot")));
    if (base.isPresent()) {
      return Path.of(base.get()).resolve("msgstore").toAbsolutePath().normalize();
    }
    String home = systemProperty.apply("user.home");
    if (home == null || home.isBlank()) {
      problems.add(
          "storeDirectory is empty and no server data directory or user.home is known; set it");
      return null;
    }
    return Path.of(home).resolve(".msgstore").toAbsolutePath().normalize();
  }

  /** Adds {@code WRITE_DELAY=0} to an H2 URL, or refuses a URL that asks for another delay. */
  private static String withDurableH2Commits(String url, List<String> problems) {
    String[] parts = url.split(";");
    for (int i = 1; i < parts.length; i++) {
      int eq = parts[i].indexOf('=');
      if (eq < 0) {
        continue;
      }
      String key = parts[i].substring(0, eq).trim().toUpperCase(Locale.ROOT);
      String value = parts[i].substring(eq + 1).trim();
      if (key.equals("WRITE_DELAY")) {
        if (!value.equals("0")) {
          problems.add(
              "jdbcUrl sets WRITE_DELAY="
                  + value
                  + "; MsgStore needs WRITE_DELAY=0 on H2 (a larger delay loses committed messages"
                  + " when the server crashes): remove the setting or set it to 0");
        }
        return url;
      }
    }
    return url + ";" + H2_DURABLE_COMMITS;
  }

  private static String trim(String value) {
    return value == null ? "" : value.trim();
  }

  static String maskUrl(String url) {
    return URL_PASSWORD.matcher(url).replaceAll("$1****");
  }

  SpoolerConfig spooler() {
    return spooler;
  }

  StoreSettings storeSettings() {
    return new StoreSettings(jdbcUrl, jdbcUser, jdbcPassword, lockTimeoutMs);
  }

  /** The URL the store connects to, after defaults (for an H2 URL, with {@code WRITE_DELAY=0}). */
  String jdbcUrl() {
    return jdbcUrl;
  }

  String jdbcUser() {
    return jdbcUser;
  }

  /**
   * Where the adapter keeps its files; the embedded database lives here when {@link #embedded()}.
   */
  Path storeDirectory() {
    return storeDirectory;
  }

  /** Whether the store is the embedded H2 file database in {@link #storeDirectory()}. */
  boolean embedded() {
    return embedded;
  }

  int lockTimeoutMs() {
    return lockTimeoutMs;
  }

  /** One line for the start log; secrets masked. */
  @Override
  public String toString() {
    return "jdbcUrl="
        + maskUrl(jdbcUrl)
        + ", jdbcUser="
        + jdbcUser
        + ", jdbcPassword="
        + (jdbcPassword.isEmpty() ? "" : "****")
        + ", storeDirectory="
        + storeDirectory
        + ", embedded="
        + embedded
        + ", lockTimeoutMs="
        + lockTimeoutMs
        + ", "
        + spooler;
  }
}
