package org.msgstore.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.msgstore.store.BadInputTest.refused;

import java.time.Clock;
import java.util.Arrays;
import javax.sql.XAConnection;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.msgstore.EntryId;
import org.msgstore.FolderKind;
import org.msgstore.MapiError;
import org.msgstore.Message;
import org.msgstore.PropTag;
import org.msgstore.testing.TestXid;

/**
 * What a transaction manager relies on after a crash between the two phases: a branch prepared on
 * the store's XA connection outlives the connection and the store, {@code recover()} names it, and
 * committing it then makes its writes visible. Driven by hand with our own Xid, no manager needed.
 *
 * <p>PostgreSQL only. Not run on H2: H2 2.3 rolls a prepared branch back when the connection that
 * prepared it is closed in an orderly way (recover() on another connection listed it before that
 * close and not after), and this test closes everything. A branch prepared on H2 does survive a
 * process crash (ARCHITECTURE §5), which a test in this JVM cannot stage.
 */
class PreparedXaBranchTest {
  private static final TestXid XID = new TestXid(0x4d53, "msgstore-gtrid-1", "msgstore-bqual-1");
  private StoreSettings database;

  @BeforeEach
  void newDatabase() {
    database = StoreDatabase.POSTGRESQL.newDatabase(null);
  }

  private StoreFixture openFixture() {
    return new StoreFixture(database, Clock.systemUTC());
  }

  @Test
  void
      a_prepared_branch_survives_closing_everything_and_a_database_crash_is_recovered_and_its_commit_makes_the_write_visible()
          throws Exception {
    EntryId id;
    try (StoreFixture fixture = openFixture()) {
      fixture.session("alice"); // the mailbox is committed on its own, outside the branch
      XAConnection xa = fixture.store.openXAConnection();
      XAResource branch = xa.getXAResource();
      branch.start(XID, XAResource.TMNOFLAGS);
      MailboxSession s =
          fixture.store.session(
              TransactionalConnection.inXaBranch(fixture.store.qualify(xa.getConnection())),
              "alice");
      try (Message m = s.openFolder(FolderKind.DRAFTS).createMessage()) {
        m.set(PropTag.PR_SUBJECT, "prepared, not yet committed");
        m.saveChanges();
        id = m.entryId();
      }
      branch.end(XID, XAResource.TMSUCCESS);
      assertEquals(XAResource.XA_OK, branch.prepare(XID));
      xa.close();
    }
    PostgresCluster.get().crashAndRestart();

    try (StoreFixture fixture = openFixture()) {
      MailboxSession s = fixture.session("alice");
      refused(MapiError.MAPI_E_NOT_FOUND, () -> s.openEntry(id), "");
      XAConnection xa = fixture.store.openXAConnection();
      try {
        XAResource rm = xa.getXAResource();
        Xid[] inDoubt = rm.recover(XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN);
        assertTrue(
            Arrays.stream(inDoubt).anyMatch(XID::sameBranch),
            "recover() names the prepared branch: " + Arrays.toString(inDoubt));
        rm.commit(XID, false);
        assertTrue(
            Arrays.stream(rm.recover(XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN))
                .noneMatch(XID::sameBranch));
      } finally {
        xa.close();
      }
      try (Message m = s.openEntry(id)) {
        assertEquals("prepared, not yet committed", m.get(PropTag.PR_SUBJECT));
      }
    }
  }
}
