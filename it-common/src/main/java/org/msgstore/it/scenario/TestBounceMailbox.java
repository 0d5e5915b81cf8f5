package org.msgstore.it.scenario;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * The bounce mailbox the adapter's intake reads: a GreenMail IMAP server on 127.0.0.1 in the
 * <em>test JVM</em>, user {@value #USER}, on a port free when first started and kept for the run.
 * Client side only, like {@link TestSmtp}: never in a test war, called only from client-side code.
 */
public final class TestBounceMailbox {
  public static final String USER = "bounces";
  public static final String PASSWORD = "it-bounce-s3cret";
  private static int port;
  private static GreenMail server;
  private static GreenMailUser user;

  private TestBounceMailbox() {}

  public static synchronized int port() {
    if (port == 0) {
      try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        port = probe.getLocalPort();
      } catch (IOException e) {
        throw new UncheckedIOException("no free port on 127.0.0.1 for the bounce mailbox", e);
      }
    }
    return port;
  }

  public static synchronized void start() {
    if (server == null) {
      GreenMail g = new GreenMail(new ServerSetup(port(), "127.0.0.1", ServerSetup.PROTOCOL_IMAP));
      g.start();
      user = g.setUser("bounces@example.com", USER, PASSWORD);
      server = g;
    }
  }

  public static synchronized void stop() {
    if (server != null) {
      try {
        server.stop();
      } finally {
        server = null;
      }
    }
  }

  /** Puts the message {@code text} (CRLF or LF) into the mailbox's INBOX. */
  public static synchronized void deliver(String text) throws MessagingException {
    user.deliver(
        new MimeMessage(
            Session.getInstance(new Properties()),
            new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII))));
  }

  /** Each message's user flags (keywords) and whether it is seen, as text, in mailbox order. */
  public static List<String> flags() throws MessagingException {
    Store s = Session.getInstance(new Properties()).getStore("imap");
    s.connect("127.0.0.1", port(), USER, PASSWORD);
    try {
      Folder f = s.getFolder("INBOX");
      f.open(Folder.READ_ONLY);
      List<String> all = new ArrayList<>();
      for (Message m : f.getMessages()) {
        Flags flags = m.getFlags();
        all.add(
            String.join(",", Arrays.asList(flags.getUserFlags()))
                + (flags.contains(Flags.Flag.SEEN) ? ",seen" : ""));
      }
      f.close(false);
      return all;
    } finally {
      s.close();
    }
  }
}
