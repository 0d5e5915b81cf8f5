package org.msgstore.ra;

import static org.msgstore.config.ConfigProperties.BOUNCE_ADDRESS;
import static org.msgstore.config.ConfigProperties.BOUNCE_MAILBOX;
import static org.msgstore.config.ConfigProperties.BOUNCE_MAILBOX_PASSWORD;
import static org.msgstore.config.ConfigProperties.BOUNCE_MAILBOX_POLL_MS;
import static org.msgstore.config.ConfigProperties.BOUNCE_PROCESSED;
import static org.msgstore.config.ConfigProperties.BOUNCE_SIGNING_KEYS;
import static org.msgstore.config.ConfigProperties.DATA_SOURCE;
import static org.msgstore.config.ConfigProperties.JDBC_PASSWORD;
import static org.msgstore.config.ConfigProperties.JDBC_URL;
import static org.msgstore.config.ConfigProperties.JDBC_USER;
import static org.msgstore.config.ConfigProperties.LOCK_TIMEOUT_MS;
import static org.msgstore.config.ConfigProperties.NODE_NAME;
import static org.msgstore.config.ConfigProperties.PRIORITY_HEAD_START_MS;
import static org.msgstore.config.ConfigProperties.STORE_DIRECTORY;
import static org.msgstore.config.ConfigProperties.STORE_SCHEMA;
import static org.msgstore.config.ConfigProperties.SUPPRESSION_EXPIRY_DAYS;
import static org.msgstore.config.ConfigProperties.TRANSPORT_ORDER;

import jakarta.resource.spi.ResourceAdapterInternalException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.msgstore.bounce.IntakeSettings;
import org.msgstore.config.Scope;
import org.msgstore.config.Setting;
import org.msgstore.config.SettingValues;
import org.msgstore.store.StoreSettings;
import org.msgstore.store.jdbc.StoreSchema;

/**
 * The resource adapter's configuration, resolved and validated once at {@code start()} and
 * immutable afterwards. Each setting's name, default and range is defined once in {@link
 * org.msgstore.config.ConfigProperties}; this class adds what goes beyond one setting: the default
 * directory, the embedded database's URL, the H2 durability rule, and one message with every
 * problem.
 */
final class AdapterSettings {
  /** H2 without it keeps commits in memory for up to half a second: a crash loses them. */
  static final String H2_DURABLE_COMMITS = "WRITE_DELAY=0";

  static final String EMBEDDED_DATABASE_NAME = "msgstore";

  /** Where the store's tables go in the application's database when storeSchema is empty. */
  static final String DEFAULT_SHARED_SCHEMA = "msgstore";

  private static final String H2_PREFIX = "jdbc:h2:";

  private final SettingValues values;
  private final String jdbcUrl;
  private final Path storeDirectory;
  private final boolean embedded;
  private final SpoolerConfig spooler;
  private final Optional<IntakeSettings> bounceIntake;

  private AdapterSettings(
      SettingValues values,
      String jdbcUrl,
      Path storeDirectory,
      boolean embedded,
      SpoolerConfig spooler,
      Optional<IntakeSettings> bounceIntake) {
    this.values = values;
    this.jdbcUrl = jdbcUrl;
    this.storeDirectory = storeDirectory;
    this.embedded = embedded;
    this.spooler = spooler;
    this.bounceIntake = bounceIntake;
  }

  /**
   * Resolves defaults and checks every rule, reporting all problems at once so an administrator
   * fixes them in one round.
   *
   * @param values the adapter's settings as the container set them (copied: they may change after
   *     stop)
   * @param systemProperty looks up a system property ({@code System::getProperty} in production)
   */
  static AdapterSettings resolve(SettingValues values, UnaryOperator<String> systemProperty)
      throws ResourceAdapterInternalException {
    values = values.copy();
    List<String> problems = values.rangeProblems();
    SpoolerConfig spooler = SpoolerConfig.resolve(values, systemProperty, problems);
    Optional<IntakeSettings> bounceIntake =
        IntakeSettings.resolve(
            values.value(BOUNCE_MAILBOX),
            values.value(BOUNCE_MAILBOX_PASSWORD),
            values.value(BOUNCE_MAILBOX_POLL_MS),
            values.value(BOUNCE_PROCESSED),
            values.value(BOUNCE_ADDRESS),
            values.value(BOUNCE_SIGNING_KEYS),
            problems);
    String url = values.value(JDBC_URL).trim();
    String dataSource = values.value(DATA_SOURCE).trim();
    if (!dataSource.isEmpty()) {
      checkOneDatabase(values, dataSource, problems);
    }
    StoreSchema.problem(values.value(STORE_SCHEMA).trim()).ifPresent(problems::add);
    Path directory =
        resolveDirectory(values.value(STORE_DIRECTORY).trim(), systemProperty, problems);
    boolean embedded = url.isEmpty() && dataSource.isEmpty();
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
    } else if (url.isEmpty()) {
      // dataSource mode: the application's datasource, checked when the store opens.
    } else if (!url.startsWith("jdbc:")) {
      problems.add("jdbcUrl '" + maskUrl(url) + "' is not a JDBC URL (it must start with 'jdbc:')");
    } else if (url.regionMatches(true, 0, H2_PREFIX, 0, H2_PREFIX.length())) {
      url = withDurableH2Commits(url, problems);
    }

    if (!problems.isEmpty()) {
      throw new ResourceAdapterInternalException(RaLog.configurationInvalid(problems));
    }
    return new AdapterSettings(values, url, directory, embedded, spooler, bounceIntake);
  }

  /** dataSource and the jdbc* settings name two different databases: refuse the pair. */
  private static void checkOneDatabase(
      SettingValues values, String dataSource, List<String> problems) {
    List<String> alsoSet =
        List.of(JDBC_URL, JDBC_USER, JDBC_PASSWORD).stream()
            .filter(setting -> !values.value(setting).trim().isEmpty())
            .map(Setting::name)
            .toList();
    if (!alsoSet.isEmpty()) {
      problems.add(
          "dataSource '"
              + dataSource
              + "' is set together with "
              + String.join(", ", alsoSet)
              + ": the store is either in the application's datasource or in a database of its"
              + " own; clear "
              + String.join(", ", alsoSet)
              + " to use the datasource, or clear dataSource");
    }
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

  static String maskUrl(String url) {
    return Setting.maskUrlPassword(url);
  }

  SpoolerConfig spooler() {
    return spooler;
  }

  /** The bounce intake's settings; empty when bounceMailbox is not set. */
  Optional<IntakeSettings> bounceIntake() {
    return bounceIntake;
  }

  /** How long a suppression entry a report adds holds; null: until removed. */
  Duration suppressionExpiry() {
    int days = values.value(SUPPRESSION_EXPIRY_DAYS);
    return days == 0 ? null : Duration.ofDays(days);
  }

  StoreSettings storeSettings() {
    return new StoreSettings(
        jdbcUrl,
        jdbcUser(),
        values.value(JDBC_PASSWORD),
        values.value(LOCK_TIMEOUT_MS),
        storeSchema());
  }

  /**
   * The JNDI name of the application's datasource the store lives in; empty when the store has a
   * database of its own ({@link #jdbcUrl()}).
   */
  String dataSource() {
    return values.value(DATA_SOURCE).trim();
  }

  /** Whether the store is in the application's datasource ({@code dataSource} is set). */
  boolean sharesApplicationDataSource() {
    return !dataSource().isEmpty();
  }

  /** The schema of the store's tables; empty: the connection's default. */
  String storeSchema() {
    String configured = values.value(STORE_SCHEMA).trim();
    if (configured.isEmpty() && sharesApplicationDataSource()) {
      return DEFAULT_SHARED_SCHEMA;
    }
    return configured;
  }

  /** The URL the store connects to, after defaults (for an H2 URL, with {@code WRITE_DELAY=0}). */
  String jdbcUrl() {
    return jdbcUrl;
  }

  String jdbcUser() {
    return values.value(JDBC_USER).trim();
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

  /** How far priority moves a message in the claim order ({@code priorityHeadStartMs}). */
  Duration priorityHeadStart() {
    return Duration.ofMillis(values.value(PRIORITY_HEAD_START_MS));
  }

  int lockTimeoutMs() {
    return values.value(LOCK_TIMEOUT_MS);
  }

  /**
   * One line for the start log with every setting, each as the adapter resolved it; secrets masked.
   * A new setting shows up here without a change.
   */
  @Override
  public String toString() {
    Map<Setting<?>, Object> resolved =
        Map.of(
            JDBC_URL, jdbcUrl,
            STORE_SCHEMA, storeSchema(),
            JDBC_USER, jdbcUser(),
            STORE_DIRECTORY, storeDirectory,
            NODE_NAME, spooler.settings().owner(),
            TRANSPORT_ORDER, String.join(",", spooler.settings().transportOrder()));
    return values.shown(Scope.STORE, resolved)
        + ", embedded="
        + embedded
        + ", spooler["
        + values.shown(Scope.SPOOLER, resolved)
        + ", transports={"
        + values.shown(Scope.TRANSPORT, resolved)
        + "}]";
  }
}
