package org.msgstore.it.scenario;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The SMTP server the spooler delivers to: a GreenMail on 127.0.0.1 in the <em>test JVM</em>
 * (jca-notes §1.6), on a port free when first started and kept for the whole run, so it can be
 * stopped (messages stay deferred) and started again on the port the adapter is configured with.
 *
 * <p>Client side only: this class is never added to a test war, and its methods take and return
 * only JDK types, so test classes that run in the server can call it from {@code @RunAsClient}
 * methods without GreenMail on the server's class path.
 */
public final class TestSmtp {
  private static int port;
  private static GreenMail server;
  private static Refusing refusing;

  private TestSmtp() {}

  /** The port, chosen (free on loopback) on first use and then fixed. */
  public static synchronized int port() {
    if (port == 0) {
      try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        port = probe.getLocalPort();
      } catch (IOException e) {
        throw new UncheckedIOException("no free port on 127.0.0.1 for the test SMTP server", e);
      }
    }
    return port;
  }

  /** Starts the server (no-op when running); it starts with no messages. */
  public static synchronized void start() {
    if (server != null) {
      return;
    }
    GreenMail g = new GreenMail(new ServerSetup(port(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    g.start();
    server = g;
  }

  /** Stops the server (no-op when stopped); the port then refuses connections. */
  public static synchronized void stop() {
    if (server != null) {
      try {
        server.stop();
      } finally {
        server = null;
      }
    }
  }

  /**
   * Instead of GreenMail, a server on the same port that answers every connection with {@code 421}
   * (service not available, RFC 5321 §3.8) and closes it: the adapter's SMTP transport defers the
   * recipients (a 4xx), and every attempt is counted, so a test can see the spooler did try.
   */
  public static synchronized void startRefusing() {
    if (server != null) {
      throw new IllegalStateException("stop GreenMail first");
    }
    if (refusing == null) {
      refusing = new Refusing(port());
    }
  }

  /** Stops the refusing server (no-op when not running). */
  public static synchronized void stopRefusing() throws InterruptedException {
    if (refusing != null) {
      try {
        refusing.close();
      } finally {
        refusing = null;
      }
    }
  }

  /**
   * Waits (at most {@code timeout}) until the refusing server has turned away {@code n}
   * connections.
   */
  public static void awaitRefusedConnections(int n, Duration timeout) throws InterruptedException {
    Refusing r;
    synchronized (TestSmtp.class) {
      r = refusing;
    }
    if (r == null) {
      throw new IllegalStateException("the refusing server is not running");
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (r) {
      while (r.refused < n) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError(
              "within "
                  + timeout
                  + " the spooler tried "
                  + r.refused
                  + " SMTP connections, not "
                  + n);
        }
        r.wait(Math.max(1, left / 1_000_000));
      }
    }
  }

  private static final class Refusing implements Runnable {
    private final ServerSocket socket;
    private final Thread thread;
    private int refused;

    Refusing(int port) {
      try {
        socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port, e);
      }
      thread = new Thread(this, "refusing-smtp-" + port);
      thread.setDaemon(true);
      thread.start();
    }

    @Override
    public void run() {
      while (!socket.isClosed()) {
        try (java.net.Socket c = socket.accept()) {
          c.getOutputStream()
              .write(
                  // 450, not 421: a 421 (or 454) asks the relay's clients to slow down, which
                  // MsgStore's flow control answers with a pause of the relay instead of a
                  // deferral (RelayBackOffTest); these tests need messages deferred.
                  "450 4.3.2 test server refusing service\r\n"
                      .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
          c.getOutputStream().flush();
          synchronized (this) {
            refused++;
            notifyAll();
          }
        } catch (IOException e) {
          // closed by close(), or the client went away first: either way, next connection
        }
      }
    }

    void close() throws InterruptedException {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing a listening socket
      }
      thread.join(5_000);
    }
  }

  private static synchronized GreenMail running() {
    if (server == null) {
      throw new IllegalStateException("the test SMTP server is not running");
    }
    return server;
  }

  /** One received message, reduced to what the tests check. */
  public record Received(
      String subject, List<String> envelopeOrHeaderRecipients, String from, String messageId) {}

  /** Every message received so far. */
  public static List<Received> received() {
    List<Received> all = new ArrayList<>();
    for (MimeMessage m : running().getReceivedMessages()) {
      try {
        all.add(
            new Received(
                m.getSubject(),
                m.getAllRecipients() == null
                    ? List.of()
                    : Arrays.stream(m.getAllRecipients()).map(Address::toString).toList(),
                m.getFrom() == null || m.getFrom().length == 0 ? null : m.getFrom()[0].toString(),
                m.getMessageID()));
      } catch (MessagingException e) {
        throw new IllegalStateException("cannot read a received message", e);
      }
    }
    return all;
  }

  /**
   * Waits (at most {@code timeout}) until {@code n} envelope recipients have received the message
   * with {@code subject}; returns each one's envelope sender as the server recorded it (its
   * Return-Path, without the angle brackets), by recipient address in lower case.
   */
  public static Map<String, String> awaitReturnPaths(String subject, int n, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Map<String, String> paths = new TreeMap<>();
      for (GreenMailUser user : running().getUserManager().listUser()) {
        Predicate<GreenMailUser> theUser = u -> u == user;
        running()
            .findReceivedMessages(theUser, m -> subject.equals(subjectOf(m)))
            .forEach(m -> paths.put(user.getEmail().toLowerCase(Locale.ROOT), returnPath(m)));
      }
      if (paths.size() >= n) {
        return paths;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "within " + timeout + " only " + paths + " received '" + subject + "', not " + n);
      }
      running().waitForIncomingEmail(200, running().getReceivedMessages().length + 1);
    }
  }

  private static String subjectOf(MimeMessage m) {
    try {
      return m.getSubject();
    } catch (MessagingException e) {
      throw new IllegalStateException("cannot read a received message", e);
    }
  }

  private static String returnPath(MimeMessage m) {
    try {
      String value = m.getHeader("Return-Path", null);
      return value == null ? null : value.strip().replaceAll("^<|>$", "");
    } catch (MessagingException e) {
      throw new IllegalStateException("cannot read a received message", e);
    }
  }

  /**
   * The content of the part named {@code fileName} in the one received message with {@code
   * subject}; fails when there is no such message or part.
   */
  public static byte[] attachment(String subject, String fileName) {
    try {
      for (MimeMessage m : running().getReceivedMessages()) {
        if (subject.equals(m.getSubject()) && m.getContent() instanceof Multipart parts) {
          for (int i = 0; i < parts.getCount(); i++) {
            Part part = parts.getBodyPart(i);
            if (fileName.equals(part.getFileName())) {
              try (InputStream in = part.getInputStream()) {
                return in.readAllBytes();
              }
            }
          }
        }
      }
    } catch (MessagingException | IOException e) {
      throw new IllegalStateException("cannot read a received message", e);
    }
    throw new AssertionError("no received message '" + subject + "' has a part named " + fileName);
  }

  /**
   * Waits (at most {@code timeout}) until a message with each of {@code subjects} has arrived and
   * returns those messages; fails naming the subjects that did not arrive.
   */
  public static List<Received> awaitSubjects(Set<String> subjects, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<Received> matching =
          received().stream().filter(r -> subjects.contains(r.subject())).toList();
      Set<String> arrived = matching.stream().map(Received::subject).collect(Collectors.toSet());
      if (arrived.containsAll(subjects)) {
        return matching;
      }
      if (System.nanoTime() > deadline) {
        Set<String> missing =
            subjects.stream().filter(s -> !arrived.contains(s)).collect(Collectors.toSet());
        throw new AssertionError(
            "within "
                + timeout
                + " the test SMTP server did not receive "
                + missing
                + "; it received "
                + received().stream().map(Received::subject).toList());
      }
      // GreenMail's own bounded wait for "one more message", then look again.
      running().waitForIncomingEmail(200, running().getReceivedMessages().length + 1);
    }
  }
}
