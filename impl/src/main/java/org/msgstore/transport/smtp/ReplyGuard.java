package org.msgstore.transport.smtp;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeUnit;

/**
 * The bounds one SMTP connection keeps to, whatever the relay does, so that a hostile or broken
 * relay can neither hold a delivery thread nor fill the heap (Jakarta Mail reads a reply line, and
 * a multi-line reply, into memory however long it is, and its read timeout is per read, so one byte
 * per second never trips it):
 *
 * <ul>
 *   <li>a <b>deadline</b> per send, that is per SMTP transaction ({@code smtpSendTimeoutMs}, set by
 *       {@link SmtpSender} at each {@link #startSend}): every read waits at most until it, every
 *       read and write after it fails, and the connection is closed;
 *   <li>at most {@link #MAX_LINE_BYTES} bytes in a reply line and {@link #MAX_REPLY_LINES} lines in
 *       one reply, checked as the bytes arrive;
 *   <li>at most {@link #MAX_BYTES_PER_SEND} bytes read during one send, which also bounds what a
 *       TLS session (whose bytes this layer cannot read as lines) can make it read.
 * </ul>
 *
 * <p>It sits under Jakarta Mail, on the socket's streams ({@link GuardedSocket}); one guard per
 * connection, used by one thread at a time (the one holding the pooled session).
 */
final class ReplyGuard {
  /** RFC 5321 §4.5.3.1.5 allows 512 octets in a reply line; four times that, for lenient relays. */
  static final int MAX_LINE_BYTES = 2_048;

  /** A real EHLO reply has a dozen lines; a reply with more is a relay playing games. */
  static final int MAX_REPLY_LINES = 100;

  /** Per send: 10,000 RCPT replies of 80 bytes, plus a TLS handshake, fit with room to spare. */
  static final int MAX_BYTES_PER_SEND = 1 << 20;

  private final String server;
  private final int sendTimeoutMs;

  /** The current send's deadline (System.nanoTime), or 0 between sends. */
  private long deadline;

  private long bytesThisSend;
  private int readTimeoutMs;
  private Socket socket;

  /** Reply parsing: false once the bytes are TLS records, which have no lines to count. */
  private boolean text = true;

  private int lineBytes;
  private int replyLines;
  private boolean continuation;

  ReplyGuard(String server, int sendTimeoutMs) {
    this.server = server;
    this.sendTimeoutMs = sendTimeoutMs;
  }

  /** Starts a send's bounds: its deadline and its byte budget. */
  void startSend(long deadlineNanos) {
    deadline = deadlineNanos;
    bytesThisSend = 0;
  }

  /** Between sends the pooled connection waits with only the read timeout (a QUIT, a NOOP). */
  void endSend() {
    deadline = 0;
  }

  /** Bytes read during the current (or last) send; for tests and measurements. */
  long bytesThisSend() {
    return bytesThisSend;
  }

  void attach(Socket raw) {
    socket = raw;
  }

  boolean attached() {
    return socket != null;
  }

  /** The read timeout Jakarta Mail asked for; each read waits at most until the deadline. */
  void readTimeoutMs(int ms) {
    readTimeoutMs = ms;
  }

  int readTimeoutMs() {
    return readTimeoutMs;
  }

  /** Milliseconds left (at least 1), or throws once the deadline has passed. */
  int remainingMs() throws IOException {
    if (deadline == 0) {
      return Integer.MAX_VALUE;
    }
    long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
    if (left <= 0) {
      throw deadlinePassed();
    }
    return (int) Math.min(Integer.MAX_VALUE, left);
  }

  private RelayLimitException deadlinePassed() {
    return broken(
        "the send did not finish within smtpSendTimeoutMs ("
            + sendTimeoutMs
            + " ms); the connection to "
            + server
            + " was closed");
  }

  /** Closes the connection and returns the exception to throw, saying how much was read. */
  private RelayLimitException broken(String why) {
    why += " (" + bytesThisSend + " bytes read in this send)";
    try {
      if (socket != null) {
        socket.close();
      }
    } catch (IOException | RuntimeException e) {
      // closing is all that is wanted; the exception below says why
    }
    return new RelayLimitException(why);
  }

  private void count(byte[] b, int off, int len) throws IOException {
    bytesThisSend += len;
    if (bytesThisSend > MAX_BYTES_PER_SEND) {
      throw broken(
          server
              + " sent more than "
              + MAX_BYTES_PER_SEND
              + " bytes during one send; the connection was closed");
    }
    for (int i = off; text && i < off + len; i++) {
      int c = b[i] & 0xFF;
      if (lineBytes == 0 && c >= 0x14 && c <= 0x17) {
        // A TLS record (STARTTLS done, or implicit TLS): from here the byte budget bounds it.
        text = false;
        return;
      }
      if (c == '\n') {
        replyLines = continuation ? replyLines + 1 : 0;
        lineBytes = 0;
        continuation = false;
        if (replyLines >= MAX_REPLY_LINES) {
          throw broken(
              server
                  + " sent a reply of more than "
                  + MAX_REPLY_LINES
                  + " lines; the connection was closed");
        }
        continue;
      }
      lineBytes++;
      if (lineBytes == 4) {
        continuation = c == '-';
      }
      if (lineBytes > MAX_LINE_BYTES) {
        throw broken(
            server
                + " sent a reply line longer than "
                + MAX_LINE_BYTES
                + " bytes; the connection was closed");
      }
    }
  }

  InputStream input(InputStream in, Socket raw) {
    return new FilterInputStream(in) {
      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int wait = remainingMs();
        boolean untilDeadline = readTimeoutMs <= 0 || wait < readTimeoutMs;
        int timeout = untilDeadline ? wait : readTimeoutMs;
        raw.setSoTimeout(timeout == Integer.MAX_VALUE ? 0 : timeout);
        int n;
        try {
          n = super.read(b, off, len);
        } catch (SocketTimeoutException e) {
          if (untilDeadline && timeout != Integer.MAX_VALUE) {
            throw deadlinePassed();
          }
          throw e;
        }
        if (n > 0) {
          count(b, off, n);
        }
        return n;
      }
    };
  }

  OutputStream output(OutputStream out) {
    return new FilterOutputStream(out) {
      @Override
      public void write(int b) throws IOException {
        remainingMs();
        out.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        remainingMs();
        out.write(b, off, len);
      }
    };
  }
}
