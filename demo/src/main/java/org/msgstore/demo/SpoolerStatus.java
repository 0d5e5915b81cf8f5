package org.msgstore.demo;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Reads the adapter's spooler MBean {@code org.msgstore:type=Spooler} with the JDK's JMX API: the
 * client API deliberately does not expose the spooler.
 */
final class SpoolerStatus {
  private static final String[] ATTRIBUTES = {
    "Claimed",
    "Delivered",
    "Deferred",
    "Failed",
    "NdrsWritten",
    "DeliveryReportsWritten",
    "Finished",
    "InFlight",
    "QueueDepth",
    "UnexpectedErrors",
    "LastError"
  };

  private SpoolerStatus() {}

  static Map<String, Object> read() {
    Map<String, Object> status = new LinkedHashMap<>();
    try {
      MBeanServer server = ManagementFactory.getPlatformMBeanServer();
      ObjectName name = new ObjectName("org.msgstore:type=Spooler");
      if (!server.isRegistered(name)) {
        status.put("available", false);
        status.put(
            "problem",
            "no MBean org.msgstore:type=Spooler: the adapter is not started or spoolerEnabled=false");
        return status;
      }
      status.put("available", true);
      for (String attribute : ATTRIBUTES) {
        String key = Character.toLowerCase(attribute.charAt(0)) + attribute.substring(1);
        status.put(key, server.getAttribute(name, attribute));
      }
      java.util.List<Map<String, Object>> queue = new java.util.ArrayList<>();
      for (javax.management.openmbean.CompositeData row :
          (javax.management.openmbean.CompositeData[]) server.getAttribute(name, "Queue")) {
        Map<String, Object> item = new LinkedHashMap<>();
        for (String key : row.getCompositeType().keySet()) {
          item.put(key, row.get(key));
        }
        queue.add(item);
      }
      status.put("queue", queue);
    } catch (JMException | RuntimeException e) {
      status.put("available", false);
      status.put("problem", "cannot read org.msgstore:type=Spooler: " + e);
    }
    return status;
  }
}
