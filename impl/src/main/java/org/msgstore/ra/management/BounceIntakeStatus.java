package org.msgstore.ra.management;

import javax.management.JMException;
import javax.management.ObjectName;
import org.msgstore.bounce.IntakeCounters;

/** Publishes the bounce intake's {@link IntakeCounters} on the platform MBeanServer. */
public final class BounceIntakeStatus implements BounceIntakeStatusMBean {
  public static final String OBJECT_NAME = "org.msgstore:type=BounceIntake";

  private final String mailbox;
  private final IntakeCounters counters;

  private BounceIntakeStatus(String mailbox, IntakeCounters counters) {
    this.mailbox = mailbox;
    this.counters = counters;
  }

  /** Registers under {@link #OBJECT_NAME}, replacing what an earlier start left behind. */
  public static ObjectName register(String mailbox, IntakeCounters counters) throws JMException {
    return SuppressionListAdmin.Registration.replace(
        OBJECT_NAME, new BounceIntakeStatus(mailbox, counters));
  }

  @Override
  public String getMailbox() {
    return mailbox;
  }

  @Override
  public long getRounds() {
    return counters.rounds();
  }

  @Override
  public long getProcessed() {
    return counters.processed();
  }

  @Override
  public long getMatched() {
    return counters.matched();
  }

  @Override
  public long getAlreadyRecorded() {
    return counters.alreadyRecorded();
  }

  @Override
  public long getUnmatched() {
    return counters.unmatched();
  }

  @Override
  public long getForged() {
    return counters.forged();
  }

  @Override
  public long getUnparseable() {
    return counters.unparseable();
  }

  @Override
  public long getMailboxFailures() {
    return counters.mailboxFailures();
  }

  @Override
  public String getLastProblem() {
    return counters.lastProblem();
  }
}
