package org.msgstore.it.payara;

import jakarta.ejb.MessageDriven;
import java.io.File;
import java.util.Arrays;
import java.util.List;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.EmptyAsset;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.msgstore.it.app.AccessRulesEjb;
import org.msgstore.it.app.AppTables;
import org.msgstore.it.app.Compose;
import org.msgstore.it.app.DeliberateFailure;
import org.msgstore.it.app.ResourceRefs;
import org.msgstore.it.app.StoreProbe;
import org.msgstore.it.scenario.PostgresInstalled;
import org.msgstore.it.scenario.ServerUnderTest;
import org.msgstore.it.scenario.TestSmtp;

/** The test application each IT deploys; the adapter itself is deployed by {@link PayaraDomain}. */
final class Deployments {
  private Deployments() {}

  /**
   * The portable mapping of the README: the resource-refs eis/MsgStore and jdbc/AppXA mapped to
   * Payara's resource names, and for the shared-datasource app jdbc/AppDS (only then: the other
   * tests' domain has no such resource). The reference to the connector resource is also what lets
   * the war see the rar's classes under the default class-loading policy "derived" (jca-notes
   * §1.5). The war carries no copy of the API.
   */
  static String glassfishWebXml(boolean appDs, boolean accessRules) {
    StringBuilder xml =
        new StringBuilder(
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE glassfish-web-app PUBLIC "-//GlassFish.org//DTD GlassFish Application Server 3.1 Servlet 3.0//EN"
              "http://glassfish.org/dtds/glassfish-web-app_3_0-1.dtd">
            <glassfish-web-app>
            """);
    xml.append(resourceRef(ResourceRefs.MSGSTORE, PayaraDomain.RESOURCE));
    xml.append(resourceRef(ResourceRefs.APP_XA, PayaraDomain.APP_XA_RESOURCE));
    if (appDs) {
      xml.append(resourceRef(ResourceRefs.APP_DS, SharedDataSource.RESOURCE));
    }
    if (accessRules) {
      xml.append(resourceRef(AccessRulesEjb.SHOP, AccessRulesPools.SHOP_RESOURCE));
      xml.append(resourceRef(AccessRulesEjb.BILLING, AccessRulesPools.BILLING_RESOURCE));
    }
    return xml.append("</glassfish-web-app>\n").toString();
  }

  private static String resourceRef(String name, String jndiName) {
    return """
          <resource-ref>
            <res-ref-name>%s</res-ref-name>
            <jndi-name>%s</jndi-name>
          </resource-ref>
        """
        .formatted(name, jndiName);
  }

  /**
   * A war with {@code testClass} (and the shared scenario class it extends), the given beans, the
   * composing helper and the {@link StoreProbe}. The client-side helpers are included only so the
   * test class resolves in the server; they run in the test JVM.
   */
  static WebArchive app(String name, Class<?> testClass, Class<?>... beans) {
    WebArchive war =
        ShrinkWrap.create(WebArchive.class, name + ".war")
            .addClasses(
                Compose.class, DeliberateFailure.class, StoreProbe.class, ResourceRefs.class)
            .addClasses(Deployments.class, ServerUnderTest.class, TestSmtp.Received.class)
            .addClasses(
                PayaraDomain.class, PayaraDomain.Running.class, Asadmin.class, Asadmin.Result.class)
            .addClasses(
                Payara.class, AdapterConfig.class, SpoolingAdapter.class, TracedStoreAdapter.class)
            .addClasses(
                SharedDataSource.class,
                H2XaTrace.class,
                SharedDataSourceAdapter.class,
                SharedDataSourceSpoolingAdapter.class,
                PostgresInstalled.class)
            .addClasses(beans)
            .addClasses(testClass)
            .addAsWebInfResource(EmptyAsset.INSTANCE, "beans.xml")
            .addAsWebInfResource(
                new StringAsset(
                    glassfishWebXml(
                        Arrays.asList(beans).contains(AppTables.class),
                        Arrays.asList(beans).contains(AccessRulesEjb.class))),
                "glassfish-web.xml");
    for (Class<?> c = testClass.getSuperclass(); c != Object.class; c = c.getSuperclass()) {
      war.addClass(c);
    }
    List<Class<?>> mdbs =
        Arrays.stream(beans).filter(b -> b.isAnnotationPresent(MessageDriven.class)).toList();
    if (!mdbs.isEmpty()) {
      war.addAsWebInfResource(new StringAsset(glassfishEjbJarXml(mdbs)), "glassfish-ejb-jar.xml");
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

  /**
   * {@link #cdiApp} with the msgstore-cdi events jar (the new-mail bridge MDB) too, and the
   * glassfish-ejb-jar.xml that binds the bridge to the adapter.
   */
  /**
   * The EJB name of the bridge MDB in the events jar (NewMailBridge.NAME, not on this classpath).
   */
  private static final String NEW_MAIL_BRIDGE = "MsgStoreNewMailBridge";

  static WebArchive cdiEventsApp(String name, Class<?> testClass, Class<?>... beans) {
    return cdiApp(name, testClass, beans)
        .addAsLibrary(
            new File(System.getProperty("msgstore.cdi.events.jar")), "msgstore-cdi-events.jar")
        .addAsWebInfResource(
            new StringAsset(glassfishEjbJarXmlForNames(List.of(NEW_MAIL_BRIDGE))),
            "glassfish-ejb-jar.xml");
  }

  /**
   * Names the adapter each MDB's messages come from: Payara delivers only JMS to an MDB that names
   * none (jca-notes §1.5). {@code resource-adapter-mid} is the rar's deployment name.
   */
  static String glassfishEjbJarXml(List<Class<?>> mdbs) {
    return glassfishEjbJarXmlForNames(mdbs.stream().map(Class::getSimpleName).toList());
  }

  static String glassfishEjbJarXmlForNames(List<String> ejbNames) {
    StringBuilder xml =
        new StringBuilder(
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE glassfish-ejb-jar PUBLIC "-//GlassFish.org//DTD GlassFish Application Server 3.1 EJB 3.1//EN"
              "http://glassfish.org/dtds/glassfish-ejb-jar_3_1-1.dtd">
            <glassfish-ejb-jar>
              <enterprise-beans>
            """);
    for (String ejbName : ejbNames) {
      xml.append(
          """
              <ejb>
                <ejb-name>%s</ejb-name>
                <mdb-resource-adapter>
                  <resource-adapter-mid>%s</resource-adapter-mid>
                </mdb-resource-adapter>
              </ejb>
          """
              .formatted(ejbName, PayaraDomain.RA_NAME));
    }
    return xml.append("  </enterprise-beans>\n</glassfish-ejb-jar>\n").toString();
  }
}
