package org.msgstore.ra.management;

import javax.management.openmbean.CompositeData;

/**
 * The outgoing queue of every server sharing the store, for operators: {@code
 * org.msgstore:type=Queue}. Gauges as attributes, actions as operations; each action returns a
 * sentence saying what it did and to how many messages and is logged (MSGS302x) with the caller's
 * name. A refusal (unknown entry id, bad filter, a message in delivery) is an
 * IllegalArgumentException with the reason. Entry ids are the hexadecimal text the list shows.
 */
public interface QueueMBean {
  /** Messages queued now, every lane, held or not. */
  long getDepth();

  /** Queued messages of the urgent lane (PR_PRIORITY 1, or PR_IMPORTANCE high). */
  long getUrgentDepth();

  long getNormalDepth();

  /** Queued messages of the non-urgent lane (PR_PRIORITY -1, or PR_IMPORTANCE low). */
  long getNonUrgentDepth();

  /** Queued messages an operator held. */
  long getHeld();

  /**
   * Seconds the longest-waiting claimable message (due, not held, not in delivery) has been due: 0
   * when the spoolers keep up.
   */
  long getOldestDueAgeSeconds();

  /** The mailboxes held now (their new messages are queued held). */
  String[] getHeldMailboxes();

  /**
   * A page of the queue in submit order: entryId, mailbox, subject, state (QUEUED, WAITING,
   * DEFERRED, LOCKED, HELD), lane, attempts, submitted, nextAttempt, lastError, lockedBy, heldBy.
   * Empty or 0 arguments do not filter.
   */
  CompositeData[] list(
      String mailbox,
      String state,
      long minAgeSeconds,
      String lastErrorContains,
      int offset,
      int limit);

  /** Makes one message due now (next attempt now) and wakes the spooler. */
  String retryNow(String entryId);

  /** Makes every deferred message (tried, waiting for its next attempt) due now. */
  String retryAllDeferred();

  /** Makes the waiting messages of a mailbox due now. */
  String retryMailbox(String mailbox);

  /** Makes the waiting messages with a recipient in a domain due now. */
  String retryDomain(String domain);

  /** Holds one message: no server claims it until it is released. */
  String hold(String entryId);

  String release(String entryId);

  /** Holds a mailbox's queued messages and every message it submits until released. */
  String holdMailbox(String mailbox);

  /** Releases a mailbox and the messages held with it. */
  String releaseMailbox(String mailbox);

  /**
   * Cancels one message: an NDR "cancelled by the administrator" for each open recipient; refused
   * while a server is delivering it.
   */
  String cancel(String entryId);

  /** Cancels every queued message of a mailbox not in delivery now. */
  String cancelMailbox(String mailbox);

  /**
   * Cancels every queued message the filter selects (at least one condition), not in delivery now.
   */
  String cancelSelection(
      String mailbox, String state, long minAgeSeconds, String lastErrorContains);
}
