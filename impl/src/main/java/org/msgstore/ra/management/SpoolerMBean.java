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

  /**
   * Deferrals that were only waits: a rate limit or a relay's back-off held the message, with no
   * attempt counted (issue 18; each is in {@link #getDeferred()} too).
   */
  long getThrottled();

  /**
   * The SMTP flow control on this server, one line each: the live spooler nodes sharing the rates;
   * per relay the sessions in use and allowed, its pause and its rate share; per rate limit
   * (smtpRate, each smtpDomainRates domain) this server's share and its next free turn.
   */
  String[] getFlowControl();
}
