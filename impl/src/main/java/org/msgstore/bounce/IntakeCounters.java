package org.msgstore.bounce;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bounce intake's running totals since the adapter started, as JMX shows them. A message read
 * is counted once per verdict it gets: a report left in the mailbox is remembered (IMAP: a keyword;
 * POP3: its UIDL, in memory) and not counted again at the next round.
 */
public final class IntakeCounters {
  final AtomicLong processed = new AtomicLong();
  final AtomicLong matched = new AtomicLong();
  final AtomicLong alreadyRecorded = new AtomicLong();
  final AtomicLong unmatched = new AtomicLong();
  final AtomicLong forged = new AtomicLong();
  final AtomicLong unparseable = new AtomicLong();
  final AtomicLong mailboxFailures = new AtomicLong();
  private volatile String lastProblem;

  /** Messages read from the bounce mailbox and given a verdict. */
  public long processed() {
    return processed.get();
  }

  /** Reports matched to a message and recipient and recorded in the store (first time). */
  public long matched() {
    return matched.get();
  }

  /** Reports read again that were recorded before: nothing written twice. */
  public long alreadyRecorded() {
    return alreadyRecorded.get();
  }

  /** Reports without a token (or naming what the store does not have): left in the mailbox. */
  public long unmatched() {
    return unmatched.get();
  }

  /** Reports whose token no key signed: left in the mailbox. */
  public long forged() {
    return forged.get();
  }

  /** Messages that are no report MsgStore reads: left in the mailbox. */
  public long unparseable() {
    return unparseable.get();
  }

  /** Times the mailbox could not be opened or read. */
  public long mailboxFailures() {
    return mailboxFailures.get();
  }

  /** The last report left in the mailbox or failure, as logged; null when there was none. */
  public String lastProblem() {
    return lastProblem;
  }

  void problem(String text) {
    lastProblem = text;
  }

  String summary() {
    return "processed="
        + processed()
        + ", matched="
        + matched()
        + ", alreadyRecorded="
        + alreadyRecorded()
        + ", unmatched="
        + unmatched()
        + ", forged="
        + forged()
        + ", unparseable="
        + unparseable()
        + ", mailboxFailures="
        + mailboxFailures();
  }
}
