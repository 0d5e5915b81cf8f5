package org.msgstore.it.payara;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The Payara domain every IT runs against, created, started and configured once per failsafe run
 * and stopped when the run ends (JUnit closes resources of the root store then; a JVM shutdown
 * hook stops it also when the run is aborted). Register it <em>before</em> the
 * ArquillianExtension, whose remote adapter expects the domain to be up.
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

  /** Set on the resource-adapter config (RA JavaBean properties). */
  public static final String ADAPTER_PROPERTIES =
      "spoolerEnabled=false:retryMinMs=3600000:nodeName=payara-it";

  private static volatile Running running;

  @Override
  public void beforeAll(ExtensionContext context) {
    if (System.getProperty("com.sun.aas.instanceRoot") != null) {
      return; // in the server (Arquillian runs the test class there too): nothing to start
    }
    context
        .getRoot()
        .getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(PayaraDomain.class, k -> start(), Running.class);
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
    Running r = new Running();
    Runtime.getRuntime().addShutdownHook(new Thread(r::stop, "stop Payara domain"));
    running = r;
    try {
      Asadmin.local("start-domain", "--domaindir", domainDir().toString(), DOMAIN).orFail();
      configure();
    } catch (RuntimeException | Error e) {
      r.stop();
      throw e;
    }
    return r;
  }

  /** The asadmin recipe of the README's "Payara" section. */
  static void configure() {
    Path rar = Path.of(System.getProperty("msgstore.rar", "target/msgstore.rar")).toAbsolutePath();
    Asadmin.run("create-resource-adapter-config", "--property", ADAPTER_PROPERTIES, RA_NAME);
    Asadmin.run("deploy", "--name", RA_NAME, rar.toString());
    Asadmin.run(
        "create-connector-connection-pool",
        "--raname",
        RA_NAME,
        "--connectiondefinition",
        "org.msgstore.MessageStoreConnectionFactory",
        "--transactionsupport",
        "XATransaction",
        "--steadypoolsize",
        "0",
        "--maxpoolsize",
        "20",
        "--property",
        "defaultMailbox=default",
        POOL);
    Asadmin.run("create-connector-resource", "--poolname", POOL, RESOURCE);
    Asadmin.run("ping-connection-pool", POOL);
    // The application's own XA datasource: H2 as Payara ships it (org.h2.jdbcx.JdbcDataSource).
    Asadmin.run(
        "create-jdbc-connection-pool",
        "--datasourceclassname",
        "org.h2.jdbcx.JdbcDataSource",
        "--restype",
        "javax.sql.XADataSource",
        "--property",
        "url=jdbc\\:h2\\:${com.sun.aas.instanceRoot}/lib/databases/appxa:user=sa:password=sa",
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
