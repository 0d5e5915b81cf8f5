package org.msgstore.it.app;

import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;

/**
 * The test resource of the in-doubt scenario, in reliability/run.sh (the bench war carries a copy
 * of this class, unpacked from it-common's jar by its build) and in InDoubtIT: a transaction branch
 * that does nothing but stop the JVM at one moment of the two-phase commit, the way a power cut
 * would (no shutdown hooks, no orderly end of anything). Enlisted last with {@link Moment#PREPARE},
 * the real branches before it are prepared and the transaction manager has logged no decision;
 * enlisted first with {@link Moment#COMMIT}, the decision is logged and no real branch is committed
 * yet.
 *
 * <p>Not serializable on purpose: after the restart the transaction manager cannot rebuild it, and
 * nothing answers for its branch in a recovery scan, as when a resource manager is gone for good.
 */
public final class HaltingXAResource implements XAResource {
  /** When the JVM stops; {@code NONE} commits normally, as a control. */
  public enum Moment {
    NONE,
    PREPARE,
    COMMIT
  }

  private final Moment haltAt;

  public HaltingXAResource(Moment haltAt) {
    this.haltAt = haltAt;
  }

  private void haltIf(Moment now, Xid xid) {
    if (haltAt == now) {
      // reliability/run.sh and InDoubtIT find this line in the server's console output: proof the
      // halt came at the intended moment.
      System.err.println("reliability: halting the JVM in " + now + " of " + xid);
      System.err.flush();
      Runtime.getRuntime().halt(97);
    }
  }

  @Override
  public int prepare(Xid xid) {
    haltIf(Moment.PREPARE, xid);
    return XA_OK; // not XA_RDONLY: the branch must stay for the commit phase
  }

  @Override
  public void commit(Xid xid, boolean onePhase) {
    haltIf(Moment.COMMIT, xid);
  }

  @Override
  public void start(Xid xid, int flags) {}

  @Override
  public void end(Xid xid, int flags) {}

  @Override
  public void rollback(Xid xid) {}

  @Override
  public void forget(Xid xid) {}

  @Override
  public Xid[] recover(int flag) {
    return new Xid[0];
  }

  /**
   * Never the same as another resource: the transaction manager must give it a branch of its own.
   */
  @Override
  public boolean isSameRM(XAResource other) {
    return other == this;
  }

  @Override
  public int getTransactionTimeout() {
    return 0;
  }

  @Override
  public boolean setTransactionTimeout(int seconds) {
    return false;
  }
}
