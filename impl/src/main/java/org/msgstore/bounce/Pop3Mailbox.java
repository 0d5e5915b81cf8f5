package org.msgstore.bounce;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import java.lang.reflect.Method;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The bounce mailbox over POP3, polled: each round logs in, reads every message, marks each
 * recorded report deleted and logs out, which is when the server deletes them (a crash before that
 * deletes nothing, and the reports read again are found recorded). POP3 has no flags: a message
 * left in the mailbox is remembered by its UIDL, in memory, so it is read once per adapter start.
 */
class Pop3Mailbox extends BounceMailbox {
  /** How many left messages are remembered; beyond it the oldest are read again (and counted). */
  static final int REMEMBERED = 10_000;

  private final Set<String> left = new LinkedHashSet<>();

  Pop3Mailbox(IntakeSettings settings) {
    super(settings);
  }

  @Override
  void open() throws MessagingException {
    // Nothing stays open between rounds: a POP3 server sees deletions only at logout.
  }

  @Override
  boolean watches() {
    return false;
  }

  @Override
  void readAll(ReportIntake intake) throws MessagingException {
    Store store = session(60_000).getStore(settings.protocol());
    store.connect(settings.host(), settings.port(), settings.user(), settings.password());
    try {
      Folder f = store.getFolder("INBOX");
      f.open(Folder.READ_WRITE);
      boolean logout = false;
      try {
        Method uidOf = uidMethod(f);
        for (Message m : f.getMessages()) {
          String uid = uid(uidOf, f, m);
          if (uid != null && left.contains(uid)) {
            continue;
          }
          String which = describe("POP3 UIDL " + uid, m);
          ReportIntake.Verdict verdict;
          try {
            MimeMessage mime = readable(m);
            verdict = mime == null ? intake.tooLarge(which, m.getSize()) : intake.take(mime, which);
          } catch (RuntimeException e) {
            BounceLog.notRecorded(which, e);
            continue;
          }
          if (verdict.recorded()) {
            try {
              markProcessed(m);
            } catch (MessagingException | RuntimeException e) {
              BounceLog.notMarked(which, e);
            }
          } else if (uid != null) {
            remember(uid);
          }
        }
        logout = true;
      } finally {
        // Expunge (deletions take effect) only after a whole round; a failed round deletes
        // nothing, and what it recorded is found recorded next time.
        f.close(logout);
      }
    } finally {
      store.close();
    }
  }

  /** Marks a recorded report deleted; the server deletes it at the end of the round. */
  void markProcessed(Message m) throws MessagingException {
    m.setFlag(Flags.Flag.DELETED, true);
  }

  private void remember(String uid) {
    left.add(uid);
    if (left.size() > REMEMBERED) {
      Iterator<String> oldest = left.iterator();
      oldest.next();
      oldest.remove();
    }
  }

  @Override
  boolean waitForMail() {
    return false;
  }

  @Override
  void abortWait() {
    // Nothing waits here: the intake waits between polls.
  }

  @Override
  public void close() {
    // Each round closed its own connection.
  }

  /**
   * The UIDL of a message: Angus Mail's POP3 folder has it, outside the Jakarta Mail API; called by
   * name for the reason {@link ImapMailbox} gives.
   */
  private static Method uidMethod(Folder f) {
    try {
      return f.getClass().getMethod("getUID", Message.class);
    } catch (NoSuchMethodException | RuntimeException e) {
      return null;
    }
  }

  private static String uid(Method uidOf, Folder f, Message m) {
    try {
      if (uidOf != null) {
        Object uid = uidOf.invoke(f, m);
        if (uid != null) {
          return uid.toString();
        }
      }
      String[] id = m.getHeader("Message-ID");
      return id == null || id.length == 0 ? null : "Message-ID " + id[0].trim();
    } catch (ReflectiveOperationException | MessagingException | RuntimeException e) {
      return null;
    }
  }
}
