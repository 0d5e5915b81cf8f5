package org.msgstore.store;

import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Random;
import org.msgstore.EntryId;
import org.msgstore.FolderKind;
import org.msgstore.Message;

/**
 * Run in a child JVM with a small heap: stores an attachment much larger than the heap and reads it
 * back, printing both SHA-256 digests. An out-of-memory error here means content was held whole.
 * Arguments: jdbcUrl, user, password, size in bytes.
 */
public final class LargeAttachmentRoundTrip {
  public static void main(String[] args) throws Exception {
    StoreSettings database = new StoreSettings(args[0], args[1], args[2], 5000, args[4]);
    long size = Long.parseLong(args[3]);
    try (StoreFixture fixture = new StoreFixture(database, Clock.systemUTC())) {
      MessageDigest written = MessageDigest.getInstance("SHA-256");
      EntryId id;
      try (Message m = fixture.session("big").openFolder(FolderKind.OUTBOX).createMessage();
          InputStream content = new DigestInputStream(new PseudoRandomStream(size), written)) {
        m.set(org.msgstore.PropTag.PR_SUBJECT, "large");
        m.addAttachment("big.bin", "application/octet-stream", content);
        m.saveChanges();
        id = m.entryId();
      }
      MessageDigest read = MessageDigest.getInstance("SHA-256");
      long readBytes = 0;
      try (Message m = fixture.session("big").openEntry(id);
          InputStream in = m.getAttachments().get(0).openStream()) {
        byte[] buf = new byte[64 * 1024];
        for (int n; (n = in.read(buf)) > 0; ) {
          read.update(buf, 0, n);
          readBytes += n;
        }
      }
      System.out.println("written " + HexFormat.of().formatHex(written.digest()));
      System.out.println("read    " + HexFormat.of().formatHex(read.digest()));
      System.out.println("bytes   " + readBytes);
      System.out.println("maxHeap " + Runtime.getRuntime().maxMemory());
    }
  }

  /** Deterministic bytes, generated on the fly so the test itself holds none of them. */
  static final class PseudoRandomStream extends InputStream {
    private final Random random = new Random(42);
    private long remaining;

    PseudoRandomStream(long size) {
      this.remaining = size;
    }

    @Override
    public int read() {
      if (remaining <= 0) {
        return -1;
      }
      remaining--;
      return random.nextInt(256);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (remaining <= 0) {
        return -1;
      }
      int n = (int) Math.min(len, remaining);
      byte[] chunk = new byte[n];
      random.nextBytes(chunk);
      System.arraycopy(chunk, 0, b, off, n);
      remaining -= n;
      return n;
    }
  }
}
