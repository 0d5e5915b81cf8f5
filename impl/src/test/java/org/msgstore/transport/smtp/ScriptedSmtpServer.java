package org.msgstore.transport.smtp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A minimal SMTP server on loopback whose replies a test scripts: per-RCPT codes, the reply to the
 * final {@code .}, closing the session after a message, or going silent. It counts connections,
 * which GreenMail does not, and records what it accepted. Every socket has a read timeout, so a
 * forgotten client cannot keep a thread alive for long.
 */
final class ScriptedSmtpServer implements AutoCloseable {
  /** What the server accepted for delivery. */
  record Received(String mailFrom, List<String> rcptTo, String data) {}

  private static final int SOCKET_TIMEOUT_MS = 10_000;

  private final ServerSocket server;
  private final Thread acceptor;
  private final Queue<Socket> clients = new ConcurrentLinkedQueue<>();

  final AtomicInteger connections = new AtomicInteger();
  final Queue<Received> received = new ConcurrentLinkedQueue<>();

  /** Reply to {@code RCPT TO}, given the bare address. */
  volatile Function<String, String> rcptReply = address -> "250 2.1.5 OK";

  /** Reply to {@code MAIL FROM}, given the bare reverse path. */
  volatile Function<String, String> mailReply = path -> "250 2.1.0 OK";

  /** Reply to the final {@code .} of DATA. */
  volatile String dataEndReply = "250 2.0.0 queued";

  /** How long the reply to the final {@code .} takes: a slow relay, not a hung one. */
  volatile long dataEndDelayMs;

  /** Close the connection right after accepting a message, as an idle-timing-out server would. */
  volatile boolean closeAfterMessage;

  /**
   * Like {@link #closeAfterMessage}, but first say 421 unasked, as Postfix does on an idle timeout.
   */
  volatile boolean say421AfterMessage;

  /** Take the message's DATA but never answer the final {@code .}: a peer hung mid-session. */
  volatile boolean hangAfterData;

  /** Accept connections but never say anything, not even the greeting. */
  volatile boolean silent;

  /** How a hostile relay answers EHLO instead of a proper reply. */
  enum Hostile {
    /** A proper reply. */
    NONE,
    /** {@code 250-} continuation lines, as fast as the client takes them, for ever. */
    ENDLESS_CONTINUATION,
    /** One reply line that never ends. */
    ENDLESS_LINE,
    /** {@code 250-} continuation lines one byte at a time, {@link #dripIntervalMs} apart. */
    DRIP
  }

  volatile Hostile hostileEhlo = Hostile.NONE;

  volatile long dripIntervalMs = 1_000;

  /** Bytes written by the hostile EHLO replies until the client closed the connection. */
  final java.util.concurrent.atomic.AtomicLong hostileBytes =
      new java.util.concurrent.atomic.AtomicLong();

  /**
   * With a context, STARTTLS is offered (or, with {@link #implicitTls}, TLS starts at once) with
   * the context's certificate.
   */
  volatile javax.net.ssl.SSLContext tls;

  volatile boolean implicitTls;

  /** The command lines received before TLS, in clear: no AUTH may be among them. */
  final Queue<String> plainCommands = new ConcurrentLinkedQueue<>();

  /** The first line a session gets; a 421 closes the session after it. */
  volatile String greeting = "220 scripted ESMTP";

  /** The EHLO keywords offered after the greeting line, e.g. {@code SMTPUTF8}. */
  volatile List<String> extensions = List.of();

  /** Every command line received, decoded as UTF-8, in order: what went over the wire. */
  final Queue<String> commands = new ConcurrentLinkedQueue<>();

  ScriptedSmtpServer() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    acceptor = new Thread(this::acceptLoop, "scripted-smtp-acceptor");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return server.getLocalPort();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        connections.incrementAndGet();
        clients.add(client);
        Thread t = new Thread(() -> serve(client), "scripted-smtp-session");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(Socket accepted) {
    try (accepted) {
      accepted.setSoTimeout(SOCKET_TIMEOUT_MS);
      Socket client = implicitTls ? serverTls(accepted) : accepted;
      boolean encrypted = implicitTls;
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
      OutputStream out = client.getOutputStream();
      if (silent) {
        in.read(); // hold the connection open, answering nothing, until the client gives up
        return;
      }
      reply(out, greeting);
      if (!greeting.startsWith("2")) {
        return; // a relay turning sessions away, as at overload: 421 and close
      }
      String from = null;
      List<String> rcpts = new ArrayList<>();
      for (String line; (line = in.readLine()) != null; ) {
        commands.add(line);
        if (!encrypted) {
          plainCommands.add(line);
        }
        String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase(Locale.ROOT) : line;
        switch (verb) {
          case "EHLO", "HELO" -> ehlo(out, encrypted);
          case "STAR" -> {
            if (tls == null || encrypted) {
              reply(out, "502 5.5.1 no STARTTLS here");
              continue;
            }
            reply(out, "220 2.0.0 go ahead");
            client = serverTls(client);
            encrypted = true;
            in =
                new BufferedReader(
                    new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
            out = client.getOutputStream();
          }
          case "AUTH" -> reply(out, "235 2.7.0 authenticated");
          case "MAIL" -> {
            from = between(line, '<', '>');
            rcpts.clear();
            reply(out, mailReply.apply(from));
          }
          case "RCPT" -> {
            String address = between(line, '<', '>');
            String answer = rcptReply.apply(address);
            if (answer.startsWith("2")) {
              rcpts.add(address);
            }
            reply(out, answer);
          }
          case "DATA" -> {
            reply(out, "354 end with <CRLF>.<CRLF>");
            String data = readData(in);
            if (data == null) {
              return;
            }
            if (hangAfterData) {
              in.read(); // silent until the client gives up and closes
              return;
            }
            if (dataEndDelayMs > 0) {
              // Pacing the stimulus, not waiting for a result: this is the relay's behaviour.
              long until = System.nanoTime() + dataEndDelayMs * 1_000_000;
              for (long left; (left = until - System.nanoTime()) > 0; ) {
                java.util.concurrent.locks.LockSupport.parkNanos(left);
              }
            }
            String answer = dataEndReply;
            if (answer.startsWith("2")) {
              received.add(new Received(from, List.copyOf(rcpts), data));
            }
            reply(out, answer);
            if (say421AfterMessage) {
              reply(out, "421 4.4.2 scripted Error: timeout exceeded");
              return;
            }
            if (closeAfterMessage) {
              return;
            }
          }
          case "RSET" -> {
            rcpts.clear();
            reply(out, "250 2.0.0 OK");
          }
          case "NOOP" -> reply(out, "250 2.0.0 OK");
          case "QUIT" -> {
            reply(out, "221 2.0.0 bye");
            return;
          }
          default -> reply(out, "500 5.5.2 unknown command");
        }
      }
    } catch (IOException e) {
      // the client went away or timed out: the session is over
    }
  }

  private javax.net.ssl.SSLSocket serverTls(Socket plain) throws IOException {
    javax.net.ssl.SSLSocket ssl =
        (javax.net.ssl.SSLSocket)
            tls.getSocketFactory()
                .createSocket(
                    plain, plain.getInetAddress().getHostAddress(), plain.getPort(), true);
    ssl.setUseClientMode(false);
    ssl.startHandshake();
    return ssl;
  }

  private void ehlo(OutputStream out, boolean encrypted) throws IOException {
    switch (hostileEhlo) {
      case NONE -> {}
      case ENDLESS_CONTINUATION -> {
        byte[] line = "250-scripted-and-it-goes-on-and-on\r\n".getBytes(StandardCharsets.US_ASCII);
        for (; ; ) {
          out.write(line); // until the client closes: then an IOException ends the session
          hostileBytes.addAndGet(line.length);
        }
      }
      case ENDLESS_LINE -> {
        byte[] chunk = ("250-" + "x".repeat(4092)).getBytes(StandardCharsets.US_ASCII);
        for (; ; ) {
          out.write(chunk);
          hostileBytes.addAndGet(chunk.length);
        }
      }
      case DRIP -> {
        byte[] line = "250-slow\r\n".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; ; i++) {
          // Pacing the stimulus, not waiting for a result: this is the relay's behaviour.
          java.util.concurrent.locks.LockSupport.parkNanos(dripIntervalMs * 1_000_000);
          out.write(line[i % line.length]);
          out.flush();
          hostileBytes.incrementAndGet();
        }
      }
    }
    List<String> offered = new ArrayList<>(extensions);
    if (tls != null && !encrypted && !implicitTls) {
      offered.add("STARTTLS");
    }
    StringBuilder lines = new StringBuilder(offered.isEmpty() ? "250 scripted" : "250-scripted");
    for (int i = 0; i < offered.size(); i++) {
      lines.append(i == offered.size() - 1 ? "\r\n250 " : "\r\n250-").append(offered.get(i));
    }
    reply(out, lines.toString());
  }

  /** The message up to the final {@code .}, or null when the client went away before it. */
  private static String readData(BufferedReader in) throws IOException {
    StringBuilder data = new StringBuilder();
    for (String line; (line = in.readLine()) != null; ) {
      if (line.equals(".")) {
        return data.toString();
      }
      data.append(line.startsWith(".") ? line.substring(1) : line).append("\r\n");
    }
    return null; // a message cut off is never delivered
  }

  private static String between(String line, char open, char close) {
    int a = line.indexOf(open);
    int b = line.indexOf(close, a + 1);
    return a >= 0 && b > a ? line.substring(a + 1, b) : "";
  }

  private static void reply(OutputStream out, String line) throws IOException {
    out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  /** Drops every open session without a word, as a restarting server or a broken network does. */
  void dropSessions() throws IOException {
    for (Socket s; (s = clients.poll()) != null; ) {
      s.close();
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    dropSessions();
    try {
      acceptor.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
