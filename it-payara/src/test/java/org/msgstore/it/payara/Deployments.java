package org.msgstore.it.payara;

import java.util.List;
import java.util.function.Supplier;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.EmptyAsset;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.msgstore.MapiException;
import org.msgstore.it.payara.app.Compose;
import org.msgstore.it.payara.app.DeliberateFailure;
import org.msgstore.it.payara.app.StoreProbe;

/** The test application each IT deploys; the adapter itself is deployed by {@link PayaraDomain}. */
final class Deployments {
  private Deployments() {}

  /**
   * The portable mapping of the README: resource-refs named eis/MsgStore and jdbc/AppXA mapped to
   * Payara's resource names. The reference to the connector resource is also what lets the war see
   * the rar's classes under the default class-loading policy "derived" (jca-notes §1.5). The war
   * carries no copy of the API.
   */
  static final String GLASSFISH_WEB_XML =
      """
      <?xml version="1.0" encoding="UTF-8"?>
      <!DOCTYPE glassfish-web-app PUBLIC "-//GlassFish.org//DTD GlassFish Application Server 3.1 Servlet 3.0//EN"
        "http://glassfish.org/dtds/glassfish-web-app_3_0-1.dtd">
      <glassfish-web-app>
        <resource-ref>
          <res-ref-name>eis/MsgStore</res-ref-name>
          <jndi-name>eis/MsgStore</jndi-name>
        </resource-ref>
        <resource-ref>
          <res-ref-name>jdbc/AppXA</res-ref-name>
          <jndi-name>jdbc/AppXA</jndi-name>
        </resource-ref>
      </glassfish-web-app>
      """;

  static WebArchive app(String name, Class<?> testClass, Class<?>... beans) {
    return ShrinkWrap.create(WebArchive.class, name + ".war")
        .addClasses(Compose.class, DeliberateFailure.class, StoreProbe.class, Deployments.class)
        .addClasses(PayaraDomain.class, PayaraDomain.Running.class, Asadmin.class, Asadmin.Result.class)
        .addClasses(beans)
        .addClasses(testClass)
        .addAsWebInfResource(EmptyAsset.INSTANCE, "beans.xml")
        .addAsWebInfResource(new StringAsset(GLASSFISH_WEB_XML), "glassfish-web.xml");
  }

  /**
   * The spooler runs on Payara although spoolerEnabled=false is configured (README "Payara",
   * known problem): a message it holds for a delivery attempt opens with MapiException
   * (MAPI_E_NO_ACCESS) for that moment. Ask again until it answers.
   */
  static List<Integer> outboxFlags(StoreProbe probe, String subject) {
    return retryWhileHeld(() -> probe.outboxFlags(subject));
  }

  static <T> T retryWhileHeld(Supplier<T> call) {
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (true) {
      try {
        return call.get();
      } catch (RuntimeException e) {
        if (!(rootCause(e) instanceof MapiException) || System.nanoTime() > deadline) {
          throw e;
        }
        try {
          Thread.sleep(200);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  static Throwable rootCause(Throwable t) {
    Throwable cause = t;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause;
  }
}
