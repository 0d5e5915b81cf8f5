package org.msgstore.metrics;

import java.lang.management.ManagementFactory;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * Reads a {@link Metric}'s value from its MBean at the moment the registry asks (a scrape). By name
 * on the platform MBeanServer, where the adapter registers its MBeans on both servers: no class of
 * the rar is loaded, so this war needs no module dependency on it and survives a redeploy of the
 * rar (the next scrape reads the new MBean).
 *
 * <p>NaN while the MBean is absent (the adapter not deployed or stopped; no spooler on this server;
 * no bounce intake configured): Prometheus shows NaN, which is no value, rather than a 0 that looks
 * like one.
 */
public final class MBeanValues {
  private final MBeanServer server;

  public MBeanValues() {
    this(ManagementFactory.getPlatformMBeanServer());
  }

  MBeanValues(MBeanServer server) {
    this.server = server;
  }

  public double read(Metric metric) {
    try {
      Object value = server.getAttribute(new ObjectName(metric.objectName()), metric.attribute());
      return value instanceof Number n ? n.doubleValue() : Double.NaN;
    } catch (InstanceNotFoundException e) {
      return Double.NaN;
    } catch (MalformedObjectNameException e) {
      throw new IllegalArgumentException(metric.objectName(), e);
    } catch (JMException | RuntimeException e) {
      // A gauge whose query failed (the database is away, say): no value this scrape. The MBean
      // call itself is where an operator sees the reason.
      return Double.NaN;
    }
  }
}
