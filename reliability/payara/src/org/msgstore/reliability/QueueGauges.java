package org.msgstore.reliability;

import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Reads the adapter's queue MBean (org.msgstore:type=Queue, README "Operating the queue") in the
 * server's own JVM: how many messages are queued, and how many a server has locked for delivery.
 */
final class QueueGauges {
  /** At most this many locked rows are counted (one page of the MBean's list). */
  private static final int PAGE = 1000;

  private QueueGauges() {}

  /** {Depth, messages in state LOCKED}; -1 each when the MBean cannot be read. */
  static long[] depthAndLocked() {
    try {
      MBeanServer server = ManagementFactory.getPlatformMBeanServer();
      ObjectName queue = new ObjectName("org.msgstore:type=Queue");
      long depth = ((Number) server.getAttribute(queue, "Depth")).longValue();
      Object[] locked =
          (Object[])
              server.invoke(
                  queue,
                  "list",
                  new Object[] {"", "LOCKED", 0L, "", 0, PAGE},
                  new String[] {
                    String.class.getName(),
                    String.class.getName(),
                    long.class.getName(),
                    String.class.getName(),
                    int.class.getName(),
                    int.class.getName()
                  });
      return new long[] {depth, locked.length};
    } catch (JMException | RuntimeException e) {
      return new long[] {-1, -1};
    }
  }
}
