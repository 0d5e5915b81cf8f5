package org.msgstore.bounce;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.util.Properties;

/**
 * The bounce mailbox as the intake reads it: connect, read every message not handled yet (handing
 * each to the {@link ReportIntake} and marking it by its verdict), wait for new mail, close. One
 * kind per protocol: {@link ImapMailbox}, {@link Pop3Mailbox}. Used by the intake's one thread;
 * {@link #abortWait} alone is called from others.
 */
abstract class BounceMailbox implements AutoCloseable {
  /** Reports larger than this are not read (a report is a few KB; the returned message adds). */
  static final int MAX_REPORT_BYTES = 10 * 1024 * 1024;

  static final int CONNECT_TIMEOUT_MS = 20_000;

  final IntakeSettings settings;

  BounceMailbox(IntakeSettings settings) {
    this.settings = settings;
  }

  /** Connects (IMAP: and opens the folder, kept open between rounds). */
  abstract void open() throws MessagingException;

  /** Reads and marks every message not handled yet. */
  abstract void readAll(ReportIntake intake) throws MessagingException;

  /**
   * Waits until new mail may have come (IMAP IDLE), for at most about the poll interval when the
   * intake has a timer to end it; returns false at once when this mailbox cannot wait that way, and
   * the intake then waits the poll interval itself.
   */
  abstract boolean waitForMail() throws MessagingException;

  /** Ends a {@link #waitForMail} under way, from another thread; does nothing otherwise. */
  abstract void abortWait();

  /** Whether {@link #waitForMail} really waits for new mail (IMAP IDLE). */
  abstract boolean watches();

  @Override
  public abstract void close();

  /** A session for this mailbox's protocol, with bounded connect and read timeouts. */
  Session session(long readTimeoutMs) {
    Properties p = new Properties();
    String protocol = settings.protocol();
    p.setProperty("mail." + protocol + ".connectiontimeout", Integer.toString(CONNECT_TIMEOUT_MS));
    p.setProperty("mail." + protocol + ".timeout", Long.toString(readTimeoutMs));
    p.setProperty("mail." + protocol + ".writetimeout", Integer.toString(CONNECT_TIMEOUT_MS));
    if (protocol.equals("imaps") || protocol.equals("imap")) {
      // Read a message's parts in one piece, not in 16 KB requests; and without setting \Seen,
      // so a report left in the mailbox still shows unread to the human who looks.
      p.setProperty("mail." + protocol + ".partialfetch", "false");
      p.setProperty("mail." + protocol + ".peek", "true");
    }
    return Session.getInstance(p);
  }

  /** How the log names {@code m}: its identity in the mailbox, Message-ID and subject. */
  static String describe(String identity, Message m) {
    StringBuilder s = new StringBuilder(identity);
    try {
      String[] id = m.getHeader("Message-ID");
      if (id != null && id.length > 0) {
        s.append(", Message-ID ").append(id[0].trim());
      }
      String subject = m.getSubject();
      if (subject != null) {
        s.append(", subject '")
            .append(subject.length() > 100 ? subject.substring(0, 100) + "..." : subject)
            .append("'");
      }
    } catch (MessagingException | RuntimeException e) {
      s.append(" (headers unreadable)");
    }
    return s.toString();
  }

  /**
   * {@code m} as a report to parse, or null when it is too large to read (the caller counts it as
   * not a report).
   */
  static MimeMessage readable(Message m) throws MessagingException {
    if (m.getSize() > MAX_REPORT_BYTES) {
      return null;
    }
    return m instanceof MimeMessage mime ? mime : null;
  }
}
