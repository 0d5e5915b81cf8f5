package org.msgstore.ra.management;

import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.msgstore.spooler.SpoolerCounters;
import org.msgstore.spooler.SpoolerEvent.Kind;

/** Publishes a spooler's {@link SpoolerCounters} on the platform MBeanServer. */
public final class Spooler implements SpoolerMBean {
  public static final String OBJECT_NAME = "org.msgstore:type=Spooler";

  private final SpoolerCounters counters;

  private static final String[] QUEUE_ITEMS = {
    "entryId", "mailbox", "subject", "state", "attempts", "nextAttempt", "lastError", "lockedBy"
  };
  private static final javax.management.openmbean.CompositeType QUEUE_ITEM;

  static {
    try {
      javax.management.openmbean.OpenType<?>[] types = {
        javax.management.openmbean.SimpleType.STRING, javax.management.openmbean.SimpleType.STRING,
        javax.management.openmbean.SimpleType.STRING, javax.management.openmbean.SimpleType.STRING,
        javax.management.openmbean.SimpleType.INTEGER, javax.management.openmbean.SimpleType.STRING,
        javax.management.openmbean.SimpleType.STRING, javax.management.openmbean.SimpleType.STRING
      };
      QUEUE_ITEM =
          new javax.management.openmbean.CompositeType(
              "QueueItem", "a queued message", QUEUE_ITEMS, QUEUE_ITEMS, types);
    } catch (javax.management.openmbean.OpenDataException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final java.util.function.IntSupplier queueDepth;
  private final java.util.function.Supplier<
          java.util.List<org.msgstore.store.SpoolerSession.QueueItem>>
      queue;

  private final java.util.function.Supplier<String[]> flowControl;

  private Spooler(
      SpoolerCounters counters,
      java.util.function.IntSupplier queueDepth,
      java.util.function.Supplier<java.util.List<org.msgstore.store.SpoolerSession.QueueItem>>
          queue,
      java.util.function.Supplier<String[]> flowControl) {
    this.counters = counters;
    this.queueDepth = queueDepth;
    this.queue = queue;
    this.flowControl = flowControl;
  }

  /**
   * {@link #register(SpoolerCounters, java.util.function.IntSupplier, java.util.function.Supplier,
   * java.util.function.Supplier)} without flow control to show.
   */
  public static ObjectName register(
      SpoolerCounters counters,
      java.util.function.IntSupplier queueDepth,
      java.util.function.Supplier<java.util.List<org.msgstore.store.SpoolerSession.QueueItem>>
          queue)
      throws JMException {
    return register(counters, queueDepth, queue, () -> new String[0]);
  }

  /**
   * Registers the counters under {@link #OBJECT_NAME}, replacing a registration an earlier start
   * left behind; returns what {@link #unregister} needs.
   */
  public static ObjectName register(
      SpoolerCounters counters,
      java.util.function.IntSupplier queueDepth,
      java.util.function.Supplier<java.util.List<org.msgstore.store.SpoolerSession.QueueItem>>
          queue,
      java.util.function.Supplier<String[]> flowControl)
      throws JMException {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    ObjectName name = new ObjectName(OBJECT_NAME);
    if (server.isRegistered(name)) {
      server.unregisterMBean(name);
    }
    server.registerMBean(new Spooler(counters, queueDepth, queue, flowControl), name);
    return name;
  }

  public static void unregister(ObjectName name) {
    if (name == null) {
      return;
    }
    try {
      MBeanServer server = ManagementFactory.getPlatformMBeanServer();
      if (server.isRegistered(name)) {
        server.unregisterMBean(name);
      }
    } catch (JMException | RuntimeException e) {
      // Already gone: nothing to undo.
    }
  }

  @Override
  public long getClaimed() {
    return counters.count(Kind.CLAIMED);
  }

  @Override
  public long getDelivered() {
    return counters.count(Kind.DELIVERED);
  }

  @Override
  public long getDeferred() {
    return counters.count(Kind.DEFERRED);
  }

  @Override
  public long getFailed() {
    return counters.count(Kind.FAILED);
  }

  @Override
  public long getNdrsWritten() {
    return counters.count(Kind.NDR_WRITTEN);
  }

  @Override
  public long getDeliveryReportsWritten() {
    return counters.count(Kind.DR_WRITTEN);
  }

  @Override
  public long getFinished() {
    return counters.count(Kind.FINISHED);
  }

  @Override
  public long getUnexpectedErrors() {
    return counters.count(Kind.UNEXPECTED_ERROR);
  }

  @Override
  public long getInFlight() {
    return Math.max(0, counters.count(Kind.CLAIMED) - counters.count(Kind.FINISHED));
  }

  @Override
  public long getThrottled() {
    return counters.count(Kind.THROTTLED);
  }

  @Override
  public String[] getFlowControl() {
    return flowControl.get();
  }

  @Override
  public long getQueueDepth() {
    return queueDepth.getAsInt();
  }

  @Override
  public javax.management.openmbean.CompositeData[] getQueue() {
    java.util.List<org.msgstore.store.SpoolerSession.QueueItem> items = queue.get();
    javax.management.openmbean.CompositeData[] rows =
        new javax.management.openmbean.CompositeData[items.size()];
    for (int i = 0; i < rows.length; i++) {
      var q = items.get(i);
      try {
        rows[i] =
            new javax.management.openmbean.CompositeDataSupport(
                QUEUE_ITEM,
                QUEUE_ITEMS,
                new Object[] {
                  q.entryId().toString(),
                  q.mailbox(),
                  q.subject(),
                  q.state(),
                  q.attempts(),
                  q.nextAttempt().toString(),
                  q.lastError(),
                  q.lockedBy()
                });
      } catch (javax.management.openmbean.OpenDataException e) {
        throw new IllegalStateException(e);
      }
    }
    return rows;
  }

  @Override
  public String getLastError() {
    return counters.lastError();
  }
}
