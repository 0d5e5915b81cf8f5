package org.msgstore.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;

/**
 * The test resource of reliability/payara-in-doubt.sh, as the bench war's is for the WildFly
 * scenario: a transaction branch that does nothing but stop the JVM at one moment of the two-phase
 * commit, as a power cut would. Enlisted last with {@link Moment#PREPARE}, the real branches before
 * it are prepared and no decision is logged; enlisted first with {@link Moment#COMMIT}, the
 * decision is logged and no real branch is committed yet. Not serializable and recovering nothing:
 * after the restart nothing answers for its branch, as when a resource manager is gone for good.
 */
final class HaltingXAResource implements XAResource {
  /** When the JVM stops; {@code NONE} commits normally, as a control. */
  enum Moment {
    NONE,
    PREPARE,
    COMMIT
  }

  private final Moment haltAt;

  HaltingXAResource(Moment haltAt) {
    this.haltAt = haltAt;
  }

  private void haltIf(Moment now, Xid xid) {
    if (haltAt != now) {
      return;
    }
    // The script's proof that the halt came at the intended moment. A file of its own: Payara's
    // log writes on a thread of its own, and the halt would lose a line logged just before.
    Path halts =
        Path.of(
            System.getProperty("com.sun.aas.instanceRoot", "."), "logs", "reliability-halts.log");
    try {
      Files.writeString(
          halts,
          "reliability: halting the JVM in " + now + " of " + xid + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      // halting regardless: the script then reports the missing line
    }
    Runtime.getRuntime().halt(97);
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

  /** Never the same as another resource: the transaction manager gives it a branch of its own. */
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
