package org.msgstore.ra;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;

/** Another resource manager's XAResource that records the calls it gets and can vote rollback. */
final class ScriptedXAResource implements XAResource {
  private final XAResource driver;
  private final boolean failPrepare;
  final List<String> calls = new CopyOnWriteArrayList<>();

  ScriptedXAResource(XAResource driver, boolean failPrepare) {
    this.driver = driver;
    this.failPrepare = failPrepare;
  }

  @Override
  public void start(Xid xid, int flags) throws XAException {
    calls.add("start");
    driver.start(xid, flags);
  }

  @Override
  public void end(Xid xid, int flags) throws XAException {
    calls.add("end");
    driver.end(xid, flags);
  }

  @Override
  public int prepare(Xid xid) throws XAException {
    calls.add("prepare");
    if (failPrepare) {
      // The resource manager decided to roll back its branch: undo it, then vote.
      driver.rollback(xid);
      throw new XAException(XAException.XA_RBROLLBACK);
    }
    return driver.prepare(xid);
  }

  @Override
  public void commit(Xid xid, boolean onePhase) throws XAException {
    calls.add(onePhase ? "commit(1PC)" : "commit(2PC)");
    driver.commit(xid, onePhase);
  }

  @Override
  public void rollback(Xid xid) throws XAException {
    calls.add("rollback");
    driver.rollback(xid);
  }

  @Override
  public void forget(Xid xid) throws XAException {
    driver.forget(xid);
  }

  @Override
  public Xid[] recover(int flag) throws XAException {
    return driver.recover(flag);
  }

  @Override
  public boolean isSameRM(XAResource other) throws XAException {
    return other == this;
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
