package org.msgstore.it;

import java.io.File;
import java.util.Arrays;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.EmptyAsset;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.msgstore.it.app.AccessRulesEjb;
import org.msgstore.it.app.AppTables;
import org.msgstore.it.app.Compose;
import org.msgstore.it.app.DeliberateFailure;
import org.msgstore.it.app.OrderService;
import org.msgstore.it.app.ResourceRefs;
import org.msgstore.it.app.StoreProbe;
import org.msgstore.it.scenario.PostgresInstalled;
import org.msgstore.it.scenario.ServerUnderTest;
import org.msgstore.it.scenario.TestSmtp;

/** The test application each IT deploys next to the adapter. */
final class Deployments {
  private Deployments() {}

  /**
   * A war with {@code testClass} (and the shared scenario class it extends), the given beans, the
   * composing helper and the {@link StoreProbe}. It carries no copy of the API: it sees
   * org.msgstore through the rar's module, named after the rar's file name (jca-notes §1.4, P2).
   * Its jboss-web.xml maps the beans' resource-refs to WildFly's names. The setup-task classes are
   * included only so the test class's annotations resolve in the server; they run on the client.
   */
  static WebArchive app(String name, Class<?> testClass, Class<?>... beans) {
    WebArchive war =
        ShrinkWrap.create(WebArchive.class, name + ".war")
            .addClasses(Compose.class, DeliberateFailure.class, StoreProbe.class)
            .addClasses(ResourceRefs.class)
            .addClasses(beans)
            .addClasses(
                testClass,
                MsgStoreAdapterSetup.class,
                FullyConfiguredAdapterSetup.class,
                SpoolingAdapterSetup.class,
                MdbSupportSetup.class,
                // Only the record: test classes mention it (lambdas in client-side tests become
                // methods JUnit reflects on in the server too); TestSmtp itself stays client-side.
                TestSmtp.Received.class,
                AppDataSourceSetup.class,
                AppDataSource.class,
                PostgresAppDataSourceSetup.class,
                SharedDataSourceAdapterSetup.class,
                SharedDataSourceSpoolingSetup.class,
                TransactionTraceSetup.class,
                NarayanaTrace.class,
                NarayanaTrace.Work.class,
                PostgresInstalled.class,
                Management.class,
                ServerUnderTest.class,
                WildFly.class)
            .addAsWebInfResource(EmptyAsset.INSTANCE, "beans.xml")
            .addAsWebInfResource(
                new StringAsset(
                    jbossWebXml(
                        Arrays.asList(beans).contains(OrderService.class),
                        Arrays.asList(beans).contains(AppTables.class),
                        Arrays.asList(beans).contains(AccessRulesEjb.class))),
                "jboss-web.xml")
            .setManifest(
                new StringAsset(
                    "Manifest-Version: 1.0\nDependencies: deployment."
                        + MsgStoreAdapterSetup.RAR
                        + "\n"));
    // The shared scenario a test class extends runs in the server with it.
    for (Class<?> c = testClass.getSuperclass(); c != Object.class; c = c.getSuperclass()) {
      war.addClass(c);
    }
    return war;
  }

  /**
   * {@link #app} with the msgstore-cdi jar the cdi module built in WEB-INF/lib, as an application
   * that injects mailboxes carries it.
   */
  static WebArchive cdiApp(String name, Class<?> testClass, Class<?>... beans) {
    return app(name, testClass, beans)
        .addAsLibrary(new File(System.getProperty("msgstore.cdi.jar")), "msgstore-cdi.jar");
  }

  /** {@link #cdiApp} with the msgstore-cdi events jar (the new-mail bridge MDB) too. */
  static WebArchive cdiEventsApp(String name, Class<?> testClass, Class<?>... beans) {
    return cdiApp(name, testClass, beans)
        .addAsLibrary(
            new File(System.getProperty("msgstore.cdi.events.jar")), "msgstore-cdi-events.jar");
  }

  /**
   * The portable lookup of the README: the resource-ref eis/MsgStore mapped to the connection
   * definition's name and, for the two-phase-commit app, jdbc/AppXA to the XA datasource, for the
   * shared-datasource app jdbc/AppDS to the PostgreSQL datasource (only then: the other tests'
   * servers have no such datasource).
   */
  private static String jbossWebXml(boolean appXa, boolean appDs, boolean accessRules) {
    StringBuilder xml =
        new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<jboss-web>\n");
    xml.append(resourceRef(ResourceRefs.MSGSTORE, MsgStoreAdapterSetup.JNDI_NAME));
    if (accessRules) {
      xml.append(resourceRef(AccessRulesEjb.SHOP, AccessRulesSetup.SHOP_JNDI));
      xml.append(resourceRef(AccessRulesEjb.BILLING, AccessRulesSetup.BILLING_JNDI));
    }
    if (appXa) {
      xml.append(resourceRef(ResourceRefs.APP_XA, AppDataSourceSetup.JNDI_NAME));
    }
    if (appDs) {
      xml.append(resourceRef(ResourceRefs.APP_DS, AppDataSource.JNDI_NAME));
    }
    return xml.append("</jboss-web>\n").toString();
  }

  private static String resourceRef(String name, String jndiName) {
    return "  <resource-ref>\n    <res-ref-name>"
        + name
        + "</res-ref-name>\n    <jndi-name>"
        + jndiName
        + "</jndi-name>\n  </resource-ref>\n";
  }
}
