package org.msgstore.ra.management;

/**
 * The bounce intake's counts over JMX, {@code org.msgstore:type=BounceIntake}, since the adapter
 * started: what was read from the bounce mailbox and what became of it.
 */
public interface BounceIntakeStatusMBean {
  /** The mailbox read, without its password. */
  String getMailbox();

  /** Reads of the whole mailbox completed. */
  long getRounds();

  /** Messages read and given a verdict. */
  long getProcessed();

  /** Reports matched to a message and recipient and recorded (an NDR, a delay, ...). */
  long getMatched();

  /** Reports read again that were recorded before (nothing written twice). */
  long getAlreadyRecorded();

  /** Reports left in the mailbox: no token, or naming nothing the store has. */
  long getUnmatched();

  /** Reports left in the mailbox: a token no key signed. */
  long getForged();

  /** Messages left in the mailbox: no report MsgStore reads. */
  long getUnparseable();

  /** Times the mailbox could not be opened or read. */
  long getMailboxFailures();

  /** The last message left in the mailbox, or failure, or null. */
  String getLastProblem();
}
