package org.msgstore.it.payara;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ejb.EJB;
import jakarta.ejb.EJBException;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.msgstore.MapiError;
import org.msgstore.MapiException;
import org.msgstore.it.app.InjectingEjb;

/**
 * The one setting of the CDI jar, {@code msgstore.connection-factory}, is read through Payara's
 * MicroProfile Config from the application's {@code microprofile-config.properties}: set to a name
 * where nothing is bound, the injected factory is refused naming it, though the default names would
 * have found one.
 */
@ExtendWith({PayaraDomain.class, ArquillianExtension.class})
class CdiFactoryNameIT {
  private static final String NAME = "java:/eis/NoSuchFactory";

  @Deployment
  static WebArchive app() {
    return Deployments.cdiApp("cdi-name-it", CdiFactoryNameIT.class, InjectingEjb.class)
        .addAsResource(
            new StringAsset("msgstore.connection-factory=" + NAME + "\n"),
            "META-INF/microprofile-config.properties");
  }

  @EJB private InjectingEjb ejb;

  @Test
  void the_factory_is_looked_up_only_under_the_name_set_in_microprofile_config() {
    EJBException e =
        assertThrows(EJBException.class, () -> ejb.mailboxOfFactoryConnection("cdi-name"));
    Throwable cause = e;
    while (!(cause instanceof MapiException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    MapiException refused = assertInstanceOf(MapiException.class, cause, "cause of " + e);
    assertEquals(MapiError.MAPI_E_UNCONFIGURED, refused.error());
    assertTrue(refused.getMessage().contains(NAME), refused.getMessage());
  }
}
