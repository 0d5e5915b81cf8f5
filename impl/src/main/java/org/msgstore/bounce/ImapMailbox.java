package org.msgstore.bounce;

import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import jakarta.mail.internet.MimeMessage;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * The bounce mailbox over IMAP: one folder kept open; each round reads the messages without the
 * intake's keywords, a recorded report is then flagged ({@code \Seen} and {@value #PROCESSED}),
 * moved or deleted, and anything left is marked {@value #UNMATCHED} so it is not read again at
 * every round (a human still sees it unread). Between rounds the folder is watched with IDLE when
 * the server offers it.
 *
 * <p>IDLE is Angus Mail's own API, not Jakarta Mail's: it is called on the folder object the
 * server's mail implementation made, by name, so the rar neither bundles nor links against the
 * server's implementation classes; without it the mailbox is polled. So is the NOOP before each
 * IDLE ({@code IMAPFolder.doCommand} with {@code IMAPProtocol.noop}): mail that came after the
 * round's last command is announced with the next command's response; if that is the IDLE's, Angus
 * Mail takes the announcement in while starting the IDLE and waits on for another one, so the mail
 * would be read only at the poll. What lands between the NOOP and the IDLE still is.
 */
class ImapMailbox extends BounceMailbox {
  static final String PROCESSED = "$MsgStoreProcessed";
  static final String UNMATCHED = "$MsgStoreUnmatched";

  private final boolean idleAllowed;
  private Store store;
  private volatile Folder folder;
  private Method idle;
  private Method doCommand;
  private volatile boolean idling;

  /** How many messages the folder had at the last read: more before an IDLE means read again. */
  private int countAtRead;

  /**
   * @param idleAllowed false: poll even where the server offers IDLE (tests of the polling path)
   */
  /** Reports left in the mailbox this run, by UID: read once per adapter start at most. */
  private final java.util.Set<String> leftAlone = new java.util.HashSet<>();

  ImapMailbox(IntakeSettings settings, boolean idleAllowed) {
    super(settings);
    this.idleAllowed = idleAllowed;
  }

  @Override
  void open() throws MessagingException {
    // An IDLE is ended by the intake's timer after the poll interval: reads may last that long.
    long readTimeout = settings.pollInterval().toMillis() + 60_000;
    store = session(readTimeout).getStore(settings.protocol());
    store.connect(settings.host(), settings.port(), settings.user(), settings.password());
    Folder f = store.getFolder(settings.folder());
    f.open(Folder.READ_WRITE);
    folder = f;
    idle = idleAllowed && offersIdle(store) ? idleMethod(f) : null;
    doCommand = idle == null ? null : doCommandMethod(f);
  }

  @Override
  boolean watches() {
    return idle != null;
  }

  @Override
  void readAll(ReportIntake intake) throws MessagingException {
    Folder f = folder;
    Message[] messages = f.getMessages();
    FetchProfile profile = new FetchProfile();
    profile.add(FetchProfile.Item.FLAGS);
    profile.add(FetchProfile.Item.ENVELOPE);
    profile.add(UIDFolder.FetchProfileItem.UID);
    f.fetch(messages, profile);
    countAtRead = messages.length;
    boolean expunge = false;
    for (Message m : messages) {
      Flags flags = m.getFlags();
      String id = identity(f, m);
      if (flags.contains(PROCESSED)
          || flags.contains(UNMATCHED)
          || flags.contains(Flags.Flag.DELETED)
          || leftAlone.contains(id)) {
        continue;
      }
      String which = describe(id, m);
      ReportIntake.Verdict verdict;
      try {
        MimeMessage mime = readable(m);
        verdict = mime == null ? intake.tooLarge(which, m.getSize()) : intake.take(mime, which);
      } catch (RuntimeException e) {
        BounceLog.notRecorded(which, e); // the store failed: unmarked, read again next round
        continue;
      }
      if (verdict.recorded()) {
        try {
          expunge |= markProcessed(f, m);
        } catch (MessagingException | RuntimeException e) {
          // Best effort: the keyword only spares a later adapter start the same reading.
        }
      } else {
        // Remembered here too: a server that refuses or drops keywords (no permanent user flags)
        // must not stop the round at this message, nor have it read and counted every round.
        leftAlone.add(id);
        try {
          m.setFlags(new Flags(UNMATCHED), true);
        } catch (MessagingException | RuntimeException e) {
          // Best effort: the keyword only spares a later adapter start the same reading.
        }
      }
    }
    if (expunge) {
      f.expunge();
      countAtRead = f.getMessageCount();
    }
  }

  /**
   * Marks a recorded report as {@code bounceProcessed} says; returns whether it was marked deleted
   * (and needs an expunge at the end of the round).
   */
  boolean markProcessed(Folder f, Message m) throws MessagingException {
    switch (settings.processed()) {
      case FLAG -> {
        Flags done = new Flags(PROCESSED);
        done.add(Flags.Flag.SEEN);
        m.setFlags(done, true);
        return false;
      }
      case MOVE -> {
        f.copyMessages(new Message[] {m}, f.getStore().getFolder(settings.moveTo()));
        m.setFlag(Flags.Flag.DELETED, true);
        return true;
      }
      default -> {
        m.setFlag(Flags.Flag.DELETED, true);
        return true;
      }
    }
  }

  @Override
  boolean waitForMail() throws MessagingException {
    Method m = idle;
    Folder f = folder;
    if (m == null || f == null) {
      return false;
    }
    noop(f);
    if (f.getMessageCount() != countAtRead) {
      return true; // mail came while the last round read: read again before watching
    }
    idling = true;
    try {
      m.invoke(f, true); // once: return at the first notification, so the round reads it
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof MessagingException me) {
        throw me;
      }
      throw new IllegalStateException("IMAP IDLE failed", e.getCause());
    } catch (IllegalAccessException e) {
      idle = null; // not callable after all: poll from now on
      return false;
    } finally {
      idling = false;
    }
    return true;
  }

  @Override
  void abortWait() {
    Folder f = folder;
    if (idling && f != null) {
      try {
        // Any command on the folder from another thread ends the IDLE (Angus sends DONE first).
        f.getMessageCount();
      } catch (MessagingException | RuntimeException e) {
        // The connection is gone: the IDLE ended with it.
      }
    }
  }

  @Override
  public void close() {
    Folder f = folder;
    folder = null;
    try {
      if (f != null && f.isOpen()) {
        f.close(false);
      }
    } catch (MessagingException | RuntimeException e) {
      // Closing a broken connection: nothing to keep.
    }
    try {
      if (store != null) {
        store.close();
      }
    } catch (MessagingException | RuntimeException e) {
      // As above.
    }
  }

  private static String identity(Folder f, Message m) {
    try {
      if (f instanceof UIDFolder uids) {
        return "IMAP UID " + uids.getUID(m) + " in " + f.getFullName();
      }
    } catch (MessagingException | RuntimeException e) {
      // Fall back to the sequence number.
    }
    return "IMAP message " + m.getMessageNumber() + " in " + f.getFullName();
  }

  /**
   * A NOOP on the folder's connection, which the server answers with the mail announced since the
   * last command; Jakarta Mail's own calls send one only when the connection was quiet for a
   * second. Where Angus' command API is not callable, the check before the IDLE works as before.
   */
  private void noop(Folder f) throws MessagingException {
    Method m = doCommand;
    if (m == null) {
      return;
    }
    Class<?> command = m.getParameterTypes()[0];
    Object sendNoop =
        Proxy.newProxyInstance(
            command.getClassLoader(),
            new Class<?>[] {command},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "doCommand" -> {
                    try {
                      yield args[0].getClass().getMethod("noop").invoke(args[0]);
                    } catch (InvocationTargetException e) {
                      throw e.getCause(); // a ProtocolException, which doCommand declares
                    }
                  }
                  case "hashCode" -> System.identityHashCode(proxy);
                  case "equals" -> proxy == args[0];
                  default -> "NOOP";
                });
    try {
      m.invoke(f, sendNoop);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof MessagingException me) {
        throw me;
      }
      throw new IllegalStateException("IMAP NOOP failed", e.getCause());
    } catch (IllegalAccessException e) {
      doCommand = null; // not callable after all
    }
  }

  private static Method doCommandMethod(Folder f) {
    for (Method m : f.getClass().getMethods()) {
      if (m.getName().equals("doCommand")
          && m.getParameterCount() == 1
          && m.getParameterTypes()[0].isInterface()) {
        return m;
      }
    }
    return null;
  }

  private static boolean offersIdle(Store store) {
    try {
      Method has = store.getClass().getMethod("hasCapability", String.class);
      return Boolean.TRUE.equals(has.invoke(store, "IDLE"));
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    }
  }

  private static Method idleMethod(Folder f) {
    try {
      return f.getClass().getMethod("idle", boolean.class);
    } catch (NoSuchMethodException | RuntimeException e) {
      return null;
    }
  }
}
