package org.msgstore.ra;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;

/**
 * The driver's XAResource, plus one fact the store needs: whether a branch is associated with the
 * physical connection right now (between {@code start} and {@code end}), so that store calls join
 * it instead of committing on their own.
 *
 * <p>The end flag is not interpreted: WildFly ends a branch it will roll back with {@code TMFAIL},
 * Payara with {@code TMSUCCESS}; either way the association is over and the driver decides.
 */
final class BranchTrackingXAResource implements XAResource {
  private final XAResource driver;

  /** The branch associated with the physical connection now, or null. */
  private volatile Xid associated;

  /** Branches this resource prepared and nobody has decided yet. */
  private final java.util.Set<Xid> prepared = java.util.concurrent.ConcurrentHashMap.newKeySet();

  BranchTrackingXAResource(XAResource driver) {
    this.driver = driver;
  }

  /** Whether a transaction branch is associated with the physical connection. */
  boolean associated() {
    return associated != null;
  }

  /** Forgets the association; for a managed connection being reset or destroyed. */
  void reset() {
    associated = null;
  }

  @Override
  public void start(Xid xid, int flags) throws XAException {
    driver.start(xid, flags);
    associated = xid;
  }

  @Override
  public void end(Xid xid, int flags) throws XAException {
    // Even when the driver refuses, the TM considers the association ended; so does the store.
    associated = null;
    driver.end(xid, flags);
  }

  @Override
  public int prepare(Xid xid) throws XAException {
    int vote = driver.prepare(xid);
    if (vote == XA_OK) {
      prepared.add(xid);
    }
    return vote;
  }

  /** How many branches were prepared here and are still undecided. */
  int undecided() {
    return prepared.size();
  }

  @Override
  public void commit(Xid xid, boolean onePhase) throws XAException {
    driver.commit(xid, onePhase);
    prepared.remove(xid);
  }

  @Override
  public void rollback(Xid xid) throws XAException {
    // A transaction reaper may roll back without end(): that finishes the association too.
    if (xid.equals(associated)) {
      associated = null;
    }
    driver.rollback(xid);
    prepared.remove(xid);
  }

  @Override
  public void forget(Xid xid) throws XAException {
    driver.forget(xid);
    prepared.remove(xid);
  }

  @Override
  public Xid[] recover(int flag) throws XAException {
    return driver.recover(flag);
  }

  /** Compares drivers: two wrappers over one driver resource are the same resource manager. */
  @Override
  public boolean isSameRM(XAResource other) throws XAException {
    XAResource unwrapped = other instanceof BranchTrackingXAResource t ? t.driver : other;
    return driver.isSameRM(unwrapped);
  }

  @Override
  public int getTransactionTimeout() throws XAException {
    return driver.getTransactionTimeout();
  }

  @Override
  public boolean setTransactionTimeout(int seconds) throws XAException {
    return driver.setTransactionTimeout(seconds);
  }
}
