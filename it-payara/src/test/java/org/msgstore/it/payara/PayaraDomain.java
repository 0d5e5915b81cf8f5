package org.msgstore.it.payara;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The Payara domain every IT runs against, created, started and configured once per failsafe run
 * and stopped when the run ends (JUnit closes resources of the root store then; a JVM shutdown hook
 * stops it also when the run is aborted). Register it <em>before</em> the ArquillianExtension,
 * whose remote adapter expects the domain to be up.
 *
 * <p>The configuration is the README's asadmin recipe ("Payara"): the resource-adapter config,
 * deploy of the unchanged rar, the connector connection pool (XATransaction), the connector
 * resource eis/MsgStore and a ping; then the application's XA datasource on the H2 Payara ships.
 */
public class PayaraDomain implements BeforeAllCallback {
  public static final String DOMAIN = "msgstore-it";
  public static final String RA_NAME = "msgstore";
  public static final String POOL = "MsgStorePool";
  public static final String RESOURCE = "eis/MsgStore";
  public static final String APP_XA_POOL = "AppXAPool";
  public static final String APP_XA_RESOURCE = "jdbc/AppXA";

  /**
   * Set on the resource-adapter config (RA JavaBean properties) of the domain: the embedded store
   * on its default directory, the spooler off so a submitted message stays queued for the
   * assertions.
   */
  public static final String ADAPTER_PROPERTIES =
      "spoolerEnabled=false:retryMinMs=3600000:nodeName=payara-it";

  /** Seconds a pooled connection may stay out before Payara reports it as leaked. */
  static final int LEAK_TIMEOUT_SECONDS = 2;

  private static volatile Running running;

  /** The resource-adapter config in force now (a test class may replace it, see AdapterConfig). */
  private static volatile String adapterProperties = ADAPTER_PROPERTIES;

  /** The connector pool's transaction support now (see useTransactionSupport). */
  private static volatile String transactionSupport = "XATransaction";

  @Override
  public void beforeAll(ExtensionContext context) {
    if (inServer()) {
      return; // in the server (Arquillian runs the test class there too): nothing to start
    }
    context
        .getRoot()
        .getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(PayaraDomain.class, k -> start(), Running.class);
  }

  /** Whether this JVM is the server's (Arquillian runs the test classes there too). */
  static boolean inServer() {
    return System.getProperty("com.sun.aas.instanceRoot") != null;
  }

  /** The domain's directory, {@code ${com.sun.aas.instanceRoot}} in the server. */
  public static Path instanceRoot() {
    return inServer()
        ? Path.of(System.getProperty("com.sun.aas.instanceRoot"))
        : domainDir().resolve(DOMAIN);
  }

  public static Path domainDir() {
    return Path.of(System.getProperty("payara.domaindir", "target/payara-domains"))
        .toAbsolutePath();
  }

  public static Path serverLog() {
    return domainDir().resolve(DOMAIN).resolve("logs/server.log");
  }

  private static synchronized Running start() {
    if (running != null) {
      return running;
    }
    deleteRecursively(domainDir().resolve(DOMAIN));
    Asadmin.local(
            "create-domain",
            "--nopassword",
            "--portbase",
            Integer.toString(Asadmin.portbase()),
            "--domaindir",
            domainDir().toString(),
            DOMAIN)
        .orFail();
    installPostgresDriver();
    Running r = new Running();
    Runtime.getRuntime().addShutdownHook(new Thread(r::stop, "stop Payara domain"));
    running = r;
    try {
      Asadmin.local("start-domain", "--domaindir", domainDir().toString(), DOMAIN).orFail();
      configure(ADAPTER_PROPERTIES);
      configureAppDatasource();
    } catch (RuntimeException | Error e) {
      r.stop();
      throw e;
    }
    return r;
  }

  /** The asadmin recipe of the README's "Payara" section, with these adapter properties. */
  static void configure(String properties) {
    Path rar = Path.of(System.getProperty("msgstore.rar", "target/msgstore.rar")).toAbsolutePath();
    Asadmin.run("create-resource-adapter-config", "--property", properties, RA_NAME);
    adapterProperties = properties;
    Asadmin.run("deploy", "--name", RA_NAME, rar.toString());
    createConnectorPoolAndResource();
    Asadmin.run("ping-connection-pool", POOL);
  }

  /**
   * The connector connection pool with the transaction support in force ({@link
   * #useTransactionSupport}), its leak tracing, and the connector resource on it.
   */
  private static void createConnectorPoolAndResource() {
    Asadmin.run(
        "create-connector-connection-pool",
        "--raname",
        RA_NAME,
        "--connectiondefinition",
        "org.msgstore.MessageStoreConnectionFactory",
        "--transactionsupport",
        transactionSupport,
        "--steadypoolsize",
        "0",
        "--maxpoolsize",
        "20",
        "--property",
        // The connection-definition properties of ra.xml, listed back by EveryPropertyIT; but
        // allowedSenders: unset, the pool stays an open definition, whose start-up warning
        // (MSGS1060) AccessRulesIT looks for.
        "defaultMailbox=default:allowedMailboxes=*:createMailboxes=true:mailboxFromCaller=false",
        POOL);
    // Leak tracing for the tests, not part of the recipe: a handle an application keeps open longer
    // than this is reclaimed and logged (Payara has no cached connection manager closing it at
    // the end of the call as WildFly's does), which Payara#assertNoLeakedHandles looks for.
    Asadmin.run(
        "set",
        "resources.connector-connection-pool."
            + POOL
            + ".connection-leak-timeout-in-seconds="
            + LEAK_TIMEOUT_SECONDS,
        "resources.connector-connection-pool." + POOL + ".connection-leak-reclaim=true");
    Asadmin.run("create-connector-resource", "--poolname", POOL, RESOURCE);
  }

  /**
   * Gives the connector pool {@code support} (XATransaction for a store database of its own,
   * NoTransaction in dataSource mode): the resource and the pool are deleted and created again with
   * it, as an administrator changes it; the recipe uses it from now on (also after an undeploy).
   */
  static void useTransactionSupport(String support) {
    if (support.equals(transactionSupport)) {
      return;
    }
    transactionSupport = support;
    Asadmin.run("delete-connector-resource", RESOURCE);
    Asadmin.run("delete-connector-connection-pool", POOL);
    createConnectorPoolAndResource();
  }

  /**
   * The PostgreSQL JDBC driver in the domain's lib/, the common class loader, where a JDBC
   * connection pool finds it: what {@code asadmin add-library} does, done here before the first
   * start instead of followed by a restart.
   */
  private static void installPostgresDriver() {
    Path driver =
        Path.of(System.getProperty("msgstore.postgresql.driver", "target/postgresql.jar"));
    try {
      Path lib = Files.createDirectories(instanceRoot().resolve("lib"));
      Files.copy(driver, lib.resolve(driver.getFileName()));
    } catch (IOException e) {
      throw new IllegalStateException("cannot put " + driver + " into the domain's lib/", e);
    }
  }

  /** The recipe again (after {@code undeploy --cascade=true}), with the adapter config in force. */
  static void configureAgain() {
    configure(adapterProperties);
  }

  /**
   * Replaces the resource-adapter config, as an administrator changes settings: delete and create
   * again (Payara restarts the adapter on each).
   */
  static void replaceAdapterConfig(String properties) {
    Asadmin.run("delete-resource-adapter-config", RA_NAME);
    Asadmin.run("create-resource-adapter-config", "--property", properties, RA_NAME);
    adapterProperties = properties;
  }

  /**
   * name=value pairs as asadmin's --property wants them: ':'-separated, ':' and '=' in values
   * escaped.
   */
  static String propertyList(Map<String, String> properties) {
    return properties.entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue().replace(":", "\\:").replace("=", "\\="))
        .collect(Collectors.joining(":"));
  }

  /** {@link #ADAPTER_PROPERTIES} as a map. */
  static Map<String, String> defaultAdapterProperties() {
    Map<String, String> map = new LinkedHashMap<>();
    for (String pair : ADAPTER_PROPERTIES.split(":")) {
      String[] nv = pair.split("=", 2);
      map.put(nv[0], nv[1]);
    }
    return map;
  }

  /**
   * The application's own XA datasource, on the H2 Payara ships. H2's trace file
   * (TRACE_LEVEL_FILE=3, appxa.trace.db) records each XA call the transaction manager makes on it:
   * TwoPhaseCommitIT reads it.
   */
  private static void configureAppDatasource() {
    // The application's own XA datasource: H2 as Payara ships it (org.h2.jdbcx.JdbcDataSource).
    Asadmin.run(
        "create-jdbc-connection-pool",
        "--datasourceclassname",
        "org.h2.jdbcx.JdbcDataSource",
        "--restype",
        "javax.sql.XADataSource",
        "--property",
        "url=jdbc\\:h2\\:${com.sun.aas.instanceRoot}/lib/databases/appxa;TRACE_LEVEL_FILE\\=3:user=sa:password=sa",
        APP_XA_POOL);
    Asadmin.run("create-jdbc-resource", "--connectionpoolid", APP_XA_POOL, APP_XA_RESOURCE);
    Asadmin.run("ping-connection-pool", APP_XA_POOL);
  }

  /** Stops the domain once, from the store or the shutdown hook, whichever comes first. */
  static final class Running implements ExtensionContext.Store.CloseableResource {
    private boolean stopped;

    synchronized void stop() {
      if (!stopped) {
        stopped = true;
        Asadmin.local("stop-domain", "--domaindir", domainDir().toString(), DOMAIN);
      }
    }

    @Override
    public void close() {
      stop();
    }
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new IllegalStateException("cannot delete " + dir, e);
    }
  }
}
