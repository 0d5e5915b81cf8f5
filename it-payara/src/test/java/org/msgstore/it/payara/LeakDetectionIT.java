package org.msgstore.it.payara;

import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.ejb.EJB;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The leak check the scenarios end with ({@link Payara#assertNoLeakedHandles}) does see a handle an
 * application leaves open; otherwise "no handle leaked" on Payara would prove nothing.
 */
@ExtendWith({PayaraDomain.class, ArquillianExtension.class})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LeakDetectionIT {
  @Deployment(name = "app")
  static WebArchive app() {
    return Deployments.app("leak-it", LeakDetectionIT.class, LeakingEjb.class);
  }

  @EJB private LeakingEjb leaking;

  @Test
  @Order(1)
  @RunAsClient
  void nothing_leaked_before() {
    Payara.INSTANCE.assertNoLeakedHandles();
  }

  @Test
  @Order(2)
  @OperateOnDeployment("app")
  void a_bean_leaves_a_connection_open() {
    leaking.leak();
  }

  @Test
  @Order(3)
  @RunAsClient
  void the_leak_check_reports_it() {
    assertThrows(AssertionError.class, Payara.INSTANCE::assertNoLeakedHandles);
  }
}
