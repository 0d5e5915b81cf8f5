package org.msgstore.bench;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The sink side of the latency: run.sh starts smtp-sink with {@code -D <fifo>}, so at the end of
 * each DATA (after the final "." and before its 250 reply) smtp-sink appends the whole message to
 * the named pipe -Dbench.sinkDump names. One thread reads the pipe and stamps each message with
 * System.nanoTime when its "Subject: Order N confirmed" line arrives. The pipe is opened read-write
 * so it never reports end of file between messages (smtp-sink opens and closes it per message), and
 * so smtp-sink never blocks in open() waiting for a reader.
 */
@Singleton
@Startup
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class SinkDump {
  private static final Logger LOG = Logger.getLogger(SinkDump.class.getName());
  private static final byte[] SUBJECT = "Subject: Order ".getBytes(StandardCharsets.US_ASCII);
  private static volatile long readerThreadId = -1;

  private volatile boolean stopping;
  private Thread reader;
  private FileChannel pipe;

  @PostConstruct
  void start() {
    String path = System.getProperty("bench.sinkDump");
    if (path == null) {
      LOG.warning("-Dbench.sinkDump is not set: no commit-to-accepted latencies");
      return;
    }
    try {
      pipe = FileChannel.open(Path.of(path), StandardOpenOption.READ, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot open the smtp-sink dump pipe " + path + ": " + e.getMessage(), e);
    }
    reader = new Thread(this::readLoop, "bench-sink-dump");
    reader.setDaemon(true);
    reader.start();
    readerThreadId = reader.getId();
  }

  @PreDestroy
  void stop() {
    stopping = true;
    if (reader != null) {
      reader.interrupt(); // closes the interruptible channel and ends the blocked read
    }
  }

  /**
   * CPU time of the reader thread: harness work that runs in the server JVM, subtracted from its
   * CPU.
   */
  static long readerCpuNanos() {
    long id = readerThreadId;
    return id < 0 ? 0 : Math.max(0, ManagementFactory.getThreadMXBean().getThreadCpuTime(id));
  }

  private void readLoop() {
    ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    // Matches SUBJECT at the start of a line, then reads the digits that follow.
    int matched = 0;
    boolean lineStart = true;
    boolean inNumber = false;
    long number = 0;
    try {
      while (!stopping) {
        buffer.clear();
        if (pipe.read(buffer) < 0) {
          return;
        }
        long now = System.nanoTime();
        buffer.flip();
        while (buffer.hasRemaining()) {
          byte b = buffer.get();
          if (inNumber) {
            if (b >= '0' && b <= '9') {
              number = number * 10 + (b - '0');
              continue;
            }
            Latencies.accepted(number, now);
            inNumber = false;
            number = 0;
          }
          if (matched > 0 || lineStart) {
            if (b == SUBJECT[matched]) {
              matched++;
              if (matched == SUBJECT.length) {
                inNumber = true;
                matched = 0;
              }
              lineStart = false;
              continue;
            }
            matched = 0;
          }
          lineStart = b == '\n';
        }
      }
    } catch (IOException e) {
      if (!stopping) {
        LOG.log(Level.SEVERE, "reading the smtp-sink dump pipe failed; latencies stop here", e);
      }
    }
  }
}
