package org.msgstore.ra.management;

/**
 * The spooler's running totals as a standard MBean, {@code org.msgstore:type=Spooler}: what the
 * demo's status panel, JConsole and the WildFly JMX subsystem show. Counts are since the adapter
 * started.
 */
public interface SpoolerMBean {
  long getClaimed();

  long getDelivered();

  long getDeferred();

  long getFailed();

  long getNdrsWritten();

  long getDeliveryReportsWritten();

  long getFinished();

  long getUnexpectedErrors();

  /** Messages claimed but not finished yet (in delivery now, or deferred for a retry). */
  long getInFlight();

  /** Messages in the outgoing queue now, of every server sharing the store. */
  long getQueueDepth();

  /**
   * The first 100 queued messages: entryId, mailbox, subject, state (QUEUED, WAITING, DEFERRED,
   * LOCKED), attempts, nextAttempt (ISO-8601), lastError, lockedBy.
   */
  javax.management.openmbean.CompositeData[] getQueue();

  /** The last deferral reason or unexpected error, or null. */
  String getLastError();
}
