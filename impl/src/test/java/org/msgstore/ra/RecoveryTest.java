package org.msgstore.ra;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.resource.spi.ManagedConnection;
import java.util.Arrays;
import java.util.List;
import javax.security.auth.Subject;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import org.junit.jupiter.api.Test;
import org.msgstore.MessageStoreConnection;
import org.msgstore.testing.TestXid;

/**
 * jca-notes §4 rule 15: the recovery manager finishes a prepared branch from a fresh managed
 * connection (created with a Subject, as WildFly's recovery does).
 *
 * <p>The preparing connection stays open here: H2 rolls a prepared branch back when the session
 * that prepared it closes in an orderly way, and keeps it only when the process dies. The crash
 * case (prepare, halt, restart, recover) runs in a child JVM in {@link CrashDurabilityTest}.
 */
class RecoveryTest {
  private static final int RECOVER_ALL = XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN;

  @Test
  void
      a_prepared_branch_is_returned_by_recover_on_a_fresh_managed_connection_and_commits_from_there()
          throws Exception {
    TestXid xid = TestXid.of("recovery-commit");
    try (AdapterFixture adapter = AdapterFixture.start("recovery")) {
      prepareMessage(adapter, xid, "prepared, then the transaction manager lost track");
      assertEquals(List.of(), adapter.outboxSubjects("alice"), "a prepared branch is not visible");
      ManagedConnection fresh = adapter.mcf.createManagedConnection(new Subject(), null);
      adapter.cm.created.add(fresh);
      XAResource xa = fresh.getXAResource();

      Xid recovered = find(xa.recover(RECOVER_ALL), xid);
      xa.commit(recovered, false);

      assertEquals(
          List.of("prepared, then the transaction manager lost track"),
          adapter.outboxSubjects("alice"));
      assertEquals(0, xa.recover(RECOVER_ALL).length, "a finished branch is not recovered again");
    }
  }

  @Test
  void a_recovered_branch_rolled_back_leaves_nothing() throws Exception {
    TestXid xid = TestXid.of("recovery-rollback");
    try (AdapterFixture adapter = AdapterFixture.start("recovery")) {
      prepareMessage(adapter, xid, "to be rolled back");
      ManagedConnection fresh = adapter.mcf.createManagedConnection(new Subject(), null);
      adapter.cm.created.add(fresh);
      XAResource xa = fresh.getXAResource();

      xa.rollback(find(xa.recover(RECOVER_ALL), xid));

      assertEquals(List.of(), adapter.outboxSubjects("alice"));
      assertEquals(0, xa.recover(RECOVER_ALL).length);
    }
  }

  /** Drives the branch as a transaction manager would, up to and including prepare. */
  private static void prepareMessage(AdapterFixture adapter, TestXid xid, String subject)
      throws Exception {
    ManagedConnection mc = adapter.mcf.createManagedConnection(null, null);
    adapter.cm.created.add(mc);
    XAResource xa = mc.getXAResource();
    xa.start(xid, XAResource.TMNOFLAGS);
    try (MessageStoreConnection c =
        (MessageStoreConnection) mc.getConnection(null, new MailboxRequestInfo("alice"))) {
      AdapterFixture.saveToOutbox(c, subject);
    }
    xa.end(xid, XAResource.TMSUCCESS);
    assertEquals(XAResource.XA_OK, xa.prepare(xid));
  }

  private static Xid find(Xid[] recovered, TestXid xid) {
    return Arrays.stream(recovered)
        .filter(xid::sameBranch)
        .findFirst()
        .orElseThrow(
            () ->
                new AssertionError(
                    "recover() did not return " + xid + ": " + Arrays.toString(recovered)));
  }
}
