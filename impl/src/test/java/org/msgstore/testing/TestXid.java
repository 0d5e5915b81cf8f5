package org.msgstore.testing;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.transaction.xa.Xid;

/** An Xid made by hand, for driving an XAResource the way a transaction manager would. */
public record TestXid(int formatId, byte[] gtrid, byte[] bqual) implements Xid {
  /** A branch of a global transaction named after the test. */
  public static TestXid of(String name) {
    return new TestXid(
        0x4D53,
        ("gtrid-" + name).getBytes(StandardCharsets.UTF_8),
        "bq".getBytes(StandardCharsets.UTF_8));
  }

  public TestXid(int formatId, String gtrid, String bqual) {
    this(
        formatId,
        gtrid.getBytes(StandardCharsets.US_ASCII),
        bqual.getBytes(StandardCharsets.US_ASCII));
  }

  @Override
  public int getFormatId() {
    return formatId;
  }

  @Override
  public byte[] getGlobalTransactionId() {
    return gtrid.clone();
  }

  @Override
  public byte[] getBranchQualifier() {
    return bqual.clone();
  }

  /** Whether {@code other} names the same branch (a recovered Xid is another object). */
  public boolean sameBranch(Xid other) {
    return other.getFormatId() == formatId
        && Arrays.equals(other.getGlobalTransactionId(), gtrid)
        && Arrays.equals(other.getBranchQualifier(), bqual);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Xid x && sameBranch(x);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(gtrid);
  }
}
