package org.msgstore.it.app;

import jakarta.ejb.Stateless;
import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Reads the adapter's bounce MBeans and calls the suppression list's operations, in the server, as
 * an administrator's JMX client would.
 */
@Stateless
public class BounceProbe {
  private static final MBeanServer JMX = ManagementFactory.getPlatformMBeanServer();

  public Object intake(String attribute) {
    try {
      return JMX.getAttribute(new ObjectName("org.msgstore:type=BounceIntake"), attribute);
    } catch (JMException e) {
      throw new IllegalStateException("org.msgstore:type=BounceIntake " + attribute, e);
    }
  }

  public String suppress(String address, String reason) {
    try {
      return (String)
          JMX.invoke(
              new ObjectName("org.msgstore:type=SuppressionList"),
              "add",
              new Object[] {address, reason},
              new String[] {String.class.getName(), String.class.getName()});
    } catch (JMException e) {
      throw new IllegalStateException("add to org.msgstore:type=SuppressionList", e);
    }
  }
}
