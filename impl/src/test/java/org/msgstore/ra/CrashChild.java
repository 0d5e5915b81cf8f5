package org.msgstore.ra;

import jakarta.resource.spi.ManagedConnection;
import jakarta.transaction.TransactionManager;
import java.nio.file.Path;
import javax.transaction.xa.XAResource;
import org.msgstore.MessageStoreConnection;
import org.msgstore.testing.TestXid;

/**
 * Runs in a child JVM of {@link CrashDurabilityTest}: does committed (or prepared) work through the
 * adapter, then dies with {@code Runtime.halt} the moment the last call returns, as a killed server
 * would: no shutdown hooks, no close, no flush.
 *
 * <p>Arguments: {@code commit <storeDir> <narayanaDir> <count>} or {@code prepare <storeDir>
 * <narayanaDir> <xidName>}.
 */
final class CrashChild {
  private CrashChild() {}

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    Path storeDir = Path.of(args[1]);
    TransactionManager tm = Narayana.transactionManager(Path.of(args[2]));
    AdapterFixture adapter = new AdapterFixture(storeDir, tm);
    if (mode.equals("commit")) {
      commit(adapter, tm, Integer.parseInt(args[3]));
    } else {
      prepare(adapter, TestXid.of(args[3]));
    }
    Runtime.getRuntime().halt(0);
  }

  /** Half the messages commit on their own (no transaction), half in JTA transactions. */
  private static void commit(AdapterFixture adapter, TransactionManager tm, int count)
      throws Exception {
    for (int i = 0; i < count; i++) {
      boolean xa = i >= count / 2;
      if (xa) {
        tm.begin();
      }
      adapter.saveToOutbox("crash", "message " + i);
      if (xa) {
        tm.commit();
      }
    }
  }

  private static void prepare(AdapterFixture adapter, TestXid xid) throws Exception {
    ManagedConnection mc = adapter.mcf.createManagedConnection(null, null);
    XAResource xa = mc.getXAResource();
    xa.start(xid, XAResource.TMNOFLAGS);
    try (MessageStoreConnection c =
        (MessageStoreConnection) mc.getConnection(null, new MailboxRequestInfo("crash"))) {
      AdapterFixture.saveToOutbox(c, "prepared before the crash");
    }
    xa.end(xid, XAResource.TMSUCCESS);
    xa.prepare(xid);
  }
}
