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
  private long rounds;

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

  /** Reads of the whole mailbox completed. */
  public synchronized long rounds() {
    return rounds;
  }

  /**
   * Waits until {@code condition} holds, checked at each completed round and each mailbox failure,
   * for at most {@code timeout}; returns whether it came to hold.
   */
  public synchronized boolean await(
      java.util.function.Predicate<IntakeCounters> condition, java.time.Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.test(this)) {
      long left = java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (left <= 0) {
        return false;
      }
      wait(left);
    }
    return true;
  }

  synchronized void mailboxFailed() {
    mailboxFailures.incrementAndGet();
    notifyAll();
  }

  synchronized void roundDone() {
    rounds++;
    notifyAll();
  }

  void problem(String text) {
    lastProblem = text;
  }

  String summary() {
    return "rounds="
        + rounds()
        + ", processed="
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
