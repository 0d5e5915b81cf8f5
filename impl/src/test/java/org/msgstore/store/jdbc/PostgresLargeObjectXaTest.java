package org.msgstore.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Random;
import javax.sql.XAConnection;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.msgstore.store.PostgresCluster;
import org.msgstore.store.StoreSettings;
import org.msgstore.testing.TestXid;
import org.postgresql.xa.PGXADataSource;

/**
 * The PostgreSQL dialect's large-object writing and reading on pgjdbc's XA connection, driven by
 * hand: inside a branch the driver reports auto-commit (it opens the branch with a plain BEGIN),
 * and content must still be written, read and rolled back with the branch. Outside any transaction
 * a write is refused.
 */
@ExtendWith(PostgresCluster.Extension.class)
class PostgresLargeObjectXaTest {
  /** Every size as a large object, the path under test (small content is kept in its row). */
  private final PostgresDialect dialect = new PostgresDialect(-1);

  private StoreSettings database;

  @BeforeEach
  void database() {
    database = PostgresCluster.get().newDatabase();
  }

  @Test
  void
      inside_an_XA_branch_the_driver_reports_auto_commit_and_content_is_still_written_and_read_in_the_branch()
          throws Exception {
    byte[] content =
        bytes(2 * PostgresDialect.WRITE_CHUNK_BYTES + PostgresDialect.READ_CHUNK_BYTES + 5);
    XAConnection xa = xaDataSource().getXAConnection();
    try {
      Connection c = xa.getConnection();
      XAResource branch = xa.getXAResource();
      Xid xid = branchXid(1);
      branch.start(xid, XAResource.TMNOFLAGS);
      assertTrue(
          c.getAutoCommit(),
          "pgjdbc leaves auto-commit on in an XA branch: the case this dialect must handle");
      long oid = write(c, content);
      assertArrayEquals(content, read(c, oid), "read back inside the same branch");
      branch.end(xid, XAResource.TMSUCCESS);
      assertEquals(XAResource.XA_OK, branch.prepare(xid));
      assertEquals(0, largeObjects(), "not visible before commit");
      branch.commit(xid, false);
      assertEquals(1, largeObjects());

      Xid reader = branchXid(2);
      branch.start(reader, XAResource.TMNOFLAGS);
      assertArrayEquals(content, read(c, oid), "read back inside another branch");
      branch.end(reader, XAResource.TMSUCCESS);
      branch.commit(reader, true);
    } finally {
      xa.close();
    }
  }

  @Test
  void content_written_in_a_branch_that_rolls_back_leaves_no_large_object() throws Exception {
    XAConnection xa = xaDataSource().getXAConnection();
    try {
      Connection c = xa.getConnection();
      XAResource branch = xa.getXAResource();
      Xid xid = branchXid(3);
      branch.start(xid, XAResource.TMNOFLAGS);
      write(c, bytes(PostgresDialect.WRITE_CHUNK_BYTES + 1));
      branch.end(xid, XAResource.TMSUCCESS);
      branch.rollback(xid);
    } finally {
      xa.close();
    }
    assertEquals(0, largeObjects());
  }

  @Test
  void empty_content_and_content_of_exactly_whole_chunks_read_back_exactly() throws Exception {
    try (Connection c = connect()) {
      c.setAutoCommit(false);
      byte[] whole = bytes(2 * PostgresDialect.WRITE_CHUNK_BYTES);
      long empty = write(c, new byte[0]);
      long chunks = write(c, whole);
      c.commit();
      assertArrayEquals(new byte[0], read(c, empty));
      assertArrayEquals(whole, read(c, chunks));
    }
  }

  @Test
  void content_shorter_than_its_declared_size_is_refused() throws Exception {
    try (Connection c = connect()) {
      c.setAutoCommit(false);
      SQLException e = assertThrows(SQLException.class, () -> write(c, bytes(10), 11));
      assertTrue(e.getMessage().contains("10 bytes, expected 11"), e.getMessage());
      c.rollback();
    }
    assertEquals(0, largeObjects());
  }

  @Test
  void outside_any_transaction_a_write_is_refused_and_creates_no_large_object() throws Exception {
    try (Connection c = connect()) {
      assertTrue(c.getAutoCommit());
      SQLException e =
          assertThrows(
              SQLException.class, () -> write(c, "hello".getBytes(StandardCharsets.UTF_8)));
      assertTrue(e.getMessage().contains("inside a transaction"), e.getMessage());
    }
    assertEquals(0, largeObjects());
  }

  private long write(Connection c, byte[] content) throws SQLException {
    return write(c, content, content.length);
  }

  /** Binds the content as the attachment INSERT does, and returns the oid bound. */
  private long write(Connection c, byte[] content, long declaredSize) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT CAST(? AS oid), CAST(? AS bytea)")) {
      dialect.bindContent(c, ps, 1, new ByteArrayInputStream(content), declaredSize);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static byte[] read(Connection c, long oid) throws Exception {
    try (InputStream in = new LargeObjectChunks(c, oid, PostgresDialect.READ_CHUNK_BYTES)) {
      return in.readAllBytes();
    }
  }

  private PGXADataSource xaDataSource() {
    PGXADataSource ds = new PGXADataSource();
    ds.setURL(database.jdbcUrl());
    ds.setUser(database.user());
    ds.setPassword(database.password());
    return ds;
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
  }

  private long largeObjects() throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_largeobject_metadata")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static byte[] bytes(int size) {
    byte[] b = new byte[size];
    new Random(size).nextBytes(b);
    return b;
  }

  /** Branch {@code n} of this test. */
  private static Xid branchXid(int n) {
    return new TestXid(0x4d53, "msgstore-lo-gtrid-" + n, "msgstore-lo-bqual-" + n);
  }
}
