package org.msgstore.demo;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The demo relay's "accept with 250, then bounce": for each message the loopback SMTP server
 * received for a marked address, {@link #DELAY} later, an RFC 3464 delivery status notification
 * (multipart/report: a text, the message/delivery-status fields, the returned headers) addressed to
 * the message's envelope sender, its Return-Path, put into the bounce mailbox the adapter reads
 * over IMAP. That is what a real relay does when the destination refuses after it said 250.
 */
final class LateBounces {
  private static final Logger LOG = Logger.getLogger(LateBounces.class.getName());

  /** Long enough to see the message in Sent Items and at the SMTP server first. */
  static final Duration DELAY = Duration.ofSeconds(3);

  private final Set<String> marked = Collections.synchronizedSet(new TreeSet<>());

  /** Messages (address, Message-ID, Return-Path) bounced already or received before the mark. */
  private final Set<String> done = Collections.synchronizedSet(new HashSet<>());

  /** Messages seen and not bounced yet, with the time they were first seen. */
  private final Map<String, Long> pending = Collections.synchronizedMap(new HashMap<>());

  private volatile int written;

  /**
   * {@code address} stripped and in lower case, when it is one the demo sends over SMTP; an
   * IllegalArgumentException naming it otherwise. Checked before the EJB call, so a refusal is no
   * system exception.
   */
  static String checked(String address) {
    String a = address == null ? "" : address.strip().toLowerCase(Locale.ROOT);
    try {
      new InternetAddress(a, true);
    } catch (AddressException e) {
      throw new IllegalArgumentException("not an SMTP address: '" + address + "'");
    }
    if (a.indexOf('@') < 0 || a.endsWith("@msgstore.local")) {
      throw new IllegalArgumentException(
          "'" + address + "' is not sent over SMTP (a name@domain address outside msgstore.local)");
    }
    return a;
  }

  /** Marks an address; what it received before stays delivered. Answers it as marked. */
  String mark(String address, GreenMail mail) {
    String a = checked(address);
    synchronized (marked) {
      if (marked.add(a)) {
        for (MimeMessage m : receivedFor(mail, a)) {
          done.add(key(a, m));
        }
      }
    }
    return a;
  }

  List<String> marked() {
    synchronized (marked) {
      return new ArrayList<>(marked);
    }
  }

  int written() {
    return written;
  }

  /** Writes every bounce that is due; one that cannot be written is tried at the next call. */
  synchronized void writeDue(GreenMail mail, GreenMailUser bounceMailbox) {
    long now = System.nanoTime();
    for (String address : marked()) {
      for (MimeMessage m : receivedFor(mail, address)) {
        String key = key(address, m);
        if (done.contains(key)) {
          continue;
        }
        long seen = pending.computeIfAbsent(key, k -> now);
        if (now - seen < DELAY.toNanos()) {
          continue;
        }
        try {
          bounceMailbox.deliver(report(address, m));
          done.add(key);
          pending.remove(key);
          written++;
        } catch (MessagingException | RuntimeException e) {
          LOG.log(Level.WARNING, "demo: cannot write the late bounce for " + address, e);
        }
      }
    }
  }

  private static List<MimeMessage> receivedFor(GreenMail mail, String address) {
    return mail.findReceivedMessages(u -> address.equalsIgnoreCase(u.getEmail()), m -> true)
        .toList();
  }

  private static String key(String address, MimeMessage m) {
    try {
      return address + "|" + m.getMessageID() + "|" + returnPath(m);
    } catch (MessagingException e) {
      return address + "|" + System.identityHashCode(m);
    }
  }

  /** The envelope sender the server recorded (GreenMail writes it as the Return-Path header). */
  private static String returnPath(MimeMessage m) throws MessagingException {
    String value = m.getHeader("Return-Path", null);
    return value == null ? "" : value.strip().replaceAll("^<|>$", "");
  }

  /** The delivery status notification for {@code address}'s copy of {@code m}. */
  static MimeMessage report(String address, MimeMessage m) throws MessagingException {
    String domain = address.substring(address.indexOf('@') + 1);
    String date = ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME);
    String boundary = "demo-dsn-" + Long.toHexString(System.nanoTime());
    StringBuilder headers = new StringBuilder();
    for (String line : Collections.list(m.getAllHeaderLines())) {
      headers.append(line).append("\r\n");
    }
    String text =
        "From: Mail Delivery System <MAILER-DAEMON@relay.msgstore.local>\r\n"
            + "To: <"
            + returnPath(m)
            + ">\r\n"
            + "Subject: Undelivered Mail Returned to Sender\r\n"
            + "Date: "
            + date
            + "\r\n"
            + "Message-ID: <"
            + boundary
            + "@relay.msgstore.local>\r\n"
            + "Auto-Submitted: auto-replied\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: multipart/report; report-type=delivery-status;\r\n"
            + "\tboundary=\""
            + boundary
            + "\"\r\n\r\n"
            + "--"
            + boundary
            + "\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n"
            + "The demo's relay accepted this message with 250; the destination refused it later\r\n"
            + "(the address was marked \"bounce later\" on the demo page).\r\n\r\n"
            + "--"
            + boundary
            + "\r\nContent-Type: message/delivery-status\r\n\r\n"
            + "Reporting-MTA: dns; relay.msgstore.local\r\n"
            + "Arrival-Date: "
            + date
            + "\r\n\r\n"
            + "Final-Recipient: rfc822; "
            + address
            + "\r\n"
            + "Action: failed\r\n"
            + "Status: 5.1.1\r\n"
            + "Remote-MTA: dns; mx."
            + domain
            + "\r\n"
            + "Diagnostic-Code: smtp; 550 5.1.1 <"
            + address
            + ">: Recipient address rejected: User unknown\r\n\r\n"
            + "--"
            + boundary
            + "\r\nContent-Type: text/rfc822-headers\r\n\r\n"
            + headers
            + "\r\n--"
            + boundary
            + "--\r\n";
    return new MimeMessage(
        Session.getInstance(new Properties()),
        new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
  }
}
