package org.msgstore.bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Messages accepted by Postfix's smtp-sink so far: run.sh starts it with -c, which writes "sess=N
 * quit=N mesg=N\r" to its output (the file -Dbench.sinkLog names) whenever "." is received or a
 * session ends; the last "mesg=" is the count. Reading only the tail keeps a poll cheap.
 */
final class SinkCounter {
  private static final Pattern COUNTS = Pattern.compile("sess=(\\d+) quit=\\d+ mesg=(\\d+)");

  private SinkCounter() {}

  static long accepted() {
    return counts()[1];
  }

  /** {SMTP sessions ended, messages accepted}. */
  static long[] counts() {
    String path = System.getProperty("bench.sinkLog");
    if (path == null) {
      throw new IllegalStateException("-Dbench.sinkLog (smtp-sink -c output) is not set");
    }
    try (RandomAccessFile f = new RandomAccessFile(path, "r")) {
      long length = f.length();
      int n = (int) Math.min(length, 256);
      byte[] tail = new byte[n];
      f.seek(length - n);
      f.readFully(tail);
      Matcher m = COUNTS.matcher(new String(tail, StandardCharsets.US_ASCII));
      long[] last = {0, 0};
      while (m.find()) {
        last = new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))};
      }
      return last;
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + path + ": " + e.getMessage(), e);
    }
  }
}
