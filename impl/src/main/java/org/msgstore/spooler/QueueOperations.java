package org.msgstore.spooler;

import java.time.Duration;
import java.util.List;
import org.msgstore.MapiException;
import org.msgstore.log.LogCode;
import org.msgstore.store.MessageStore;
import org.msgstore.store.QueueAdmin;
import org.msgstore.store.QueueAdmin.Selection;

/**
 * An operator's actions on the queue as a management interface offers them ({@code who} is the
 * caller's name, null when unknown): each returns a sentence saying what was done and to how many
 * messages, logs the same with its own code and the caller's name, and wakes this node's spooler
 * when messages became claimable (other nodes see them at their next poll). A refusal — an unknown
 * entry id, a bad filter, a message in delivery — is an {@link IllegalArgumentException} with the
 * reason (a type every JMX client has), logged as refused.
 */
public final class QueueOperations implements AutoCloseable {
  private final QueueAdmin admin;
  private final SpoolerConnection connection;
  private final Runnable wake;

  /**
   * @param wake wakes this node's spooler; a no-op where none runs
   */
  public QueueOperations(MessageStore store, Runnable wake) {
    this.admin = store.queueAdmin();
    this.connection = new SpoolerConnection(store);
    this.wake = wake;
  }

  /** A page of the selected messages in queue order. */
  public List<QueueAdmin.Item> list(Selection s, int offset, int limit, String who) {
    List<QueueAdmin.Item> items =
        refusing("list", who, () -> admin.list(connection, s, offset, limit));
    OperationsLog.listed(named(who), describe(s), offset, items.size());
    return items;
  }

  public QueueAdmin.Gauges gauges() {
    return admin.gauges(connection);
  }

  public List<String> heldMailboxes() {
    return admin.heldMailboxes(connection);
  }

  /** Makes the selected messages due now. */
  public String retryNow(Selection s, String who) {
    int n = refusing("retry now", who, () -> admin.retryNow(connection, s));
    if (n == 0 && s.entryId() != null) {
      QueueAdmin.Item item = admin.find(connection, s.entryId());
      String why =
          switch (item.state()) {
            case "HELD" -> "it is held by " + item.heldBy() + "; release it first";
            case "LOCKED" -> "it is being delivered by node " + item.lockedBy() + " now";
            default -> "it is due already";
          };
      return done(OperationsLog.RETRIED_NOW, "retry now", who, s, "nothing to do: " + why);
    }
    if (n > 0) {
      wake.run();
    }
    return done(OperationsLog.RETRIED_NOW, "retry now", who, s, n + " made due now");
  }

  /** Holds the selected messages. */
  public String hold(Selection s, String who) {
    int n = refusing("hold", who, () -> admin.hold(connection, s, who));
    if (s.entryId() != null) {
      QueueAdmin.Item item = admin.find(connection, s.entryId());
      String result =
          n == 0
              ? "nothing to do: it is held already, by " + item.heldBy()
              : "LOCKED".equals(item.state())
                  ? "1 held; its attempt under way on node "
                      + item.lockedBy()
                      + " finishes first, then it is not claimed again until released"
                  : "1 held";
      return done(OperationsLog.HELD, "hold", who, s, result);
    }
    return done(OperationsLog.HELD, "hold", who, s, n + " held");
  }

  /** Releases the selected held messages. */
  public String release(Selection s, String who) {
    int n = refusing("release", who, () -> admin.release(connection, s));
    if (n > 0) {
      wake.run();
    }
    String result =
        n == 0 && s.entryId() != null ? "nothing to do: it is not held" : n + " released";
    return done(OperationsLog.RELEASED, "release", who, s, result);
  }

  /** Holds a mailbox, with what it submits until released. */
  public String holdMailbox(String mailbox, String who) {
    int n = refusing("hold mailbox", who, () -> admin.holdMailbox(connection, mailbox, who));
    return done(
        OperationsLog.MAILBOX_HELD,
        "hold mailbox",
        who,
        Selection.mailbox(mailbox),
        n + " queued messages held; messages it submits are held until the mailbox is released");
  }

  /** Releases a mailbox and what was held with it. */
  public String releaseMailbox(String mailbox, String who) {
    int n = refusing("release mailbox", who, () -> admin.releaseMailbox(connection, mailbox));
    if (n > 0) {
      wake.run();
    }
    return done(
        OperationsLog.MAILBOX_RELEASED,
        "release mailbox",
        who,
        Selection.mailbox(mailbox),
        n + " released (messages held on their own stay held)");
  }

  /**
   * Cancels the selected messages not in delivery, an NDR to each sender; a selection of one
   * message in delivery is refused.
   */
  public String cancel(Selection s, String who) {
    if (isEmpty(s)) {
      return refuse(
          "cancel", who, "a cancel needs a selection (an entry id, a mailbox or a filter)");
    }
    QueueAdmin.Cancelled c = refusing("cancel", who, () -> admin.cancel(connection, s, who));
    if (s.entryId() != null && c.cancelled() == 0) {
      QueueAdmin.Item item = admin.find(connection, s.entryId());
      return refuse(
          "cancel",
          who,
          "message "
              + s.entryId()
              + " is being delivered by node "
              + item.lockedBy()
              + " now; hold it, and cancel it once that attempt ended (within the lease)");
    }
    return done(
        OperationsLog.CANCELLED,
        "cancel",
        who,
        s,
        c.cancelled()
            + " cancelled, an NDR to each sender"
            + (c.inDelivery() > 0 ? "; " + c.inDelivery() + " in delivery now, left alone" : ""));
  }

  @Override
  public void close() {
    connection.close();
  }

  /** The caller for log lines: its name, or that it has none. */
  private static String named(String who) {
    return who == null || who.isBlank() ? "an unnamed caller" : who;
  }

  private static boolean isEmpty(Selection s) {
    return s.entryId() == null
        && blank(s.mailbox())
        && blank(s.state())
        && (s.minAge() == null || s.minAge().isZero())
        && blank(s.lastErrorContains())
        && blank(s.recipientDomain());
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static String done(LogCode code, String verb, String who, Selection s, String result) {
    String selection = describe(s);
    OperationsLog.acted(code, verb, named(who), selection, result);
    return verb + " " + selection + ": " + result;
  }

  private static String refuse(String operation, String who, String reason) {
    OperationsLog.refused(operation, named(who), reason);
    throw new IllegalArgumentException(reason);
  }

  private interface Call<T> {
    T run();
  }

  /** Runs {@code call}; a MapiException (bad input, unknown id) becomes a logged refusal. */
  private static <T> T refusing(String operation, String who, Call<T> call) {
    try {
      return call.run();
    } catch (MapiException e) {
      OperationsLog.refused(operation, named(who), e.getMessage());
      throw new IllegalArgumentException(e.getMessage()); // it starts with the MAPI code
    }
  }

  /** The selection in words, for results and log lines. */
  static String describe(Selection s) {
    StringBuilder b = new StringBuilder();
    append(b, "message", s.entryId() == null ? null : s.entryId().toString());
    append(b, "mailbox", s.mailbox());
    append(b, "state", s.state());
    append(b, "min age", s.minAge() == null || s.minAge().isZero() ? null : age(s.minAge()));
    append(b, "last error contains", s.lastErrorContains());
    append(b, "recipient domain", s.recipientDomain());
    return b.length() == 0 ? "the whole queue" : b.toString();
  }

  private static void append(StringBuilder b, String name, String value) {
    if (value != null && !value.isBlank()) {
      b.append(b.length() == 0 ? "" : ", ").append(name).append(" '").append(value).append('\'');
    }
  }

  private static String age(Duration d) {
    return d.toSeconds() + " s";
  }
}
