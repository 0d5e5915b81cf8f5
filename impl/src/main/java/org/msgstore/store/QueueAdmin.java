package org.msgstore.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.msgstore.EntryId;
import org.msgstore.MapiError;
import org.msgstore.MapiException;
import org.msgstore.PropTag;
import org.msgstore.store.jdbc.MailboxRecord;
import org.msgstore.store.jdbc.QueueAdminRepository;
import org.msgstore.store.jdbc.QueueFilter;
import org.msgstore.store.jdbc.QueueState;

/**
 * What an operator does to the outgoing queue of every server sharing the store: list it with
 * filters a page at a time, make messages due now, hold and release them (one, a selection, a whole
 * mailbox), cancel them with an NDR to the sender, and read its gauges. Every selection is a {@link
 * Selection} turned into SQL conditions, so the database picks the rows; nothing here reads the
 * whole queue. Each action is its own unit of work on the connection given; queue subscribers hear
 * of it after commit.
 */
public final class QueueAdmin {
  /** The most rows one page of the list may have. */
  public static final int MAX_PAGE = 1000;

  private final MessageStore store;
  private final QueueAdminRepository rows;
  private final QueueCancel cancels;

  QueueAdmin(MessageStore store) {
    this.store = store;
    this.rows = new QueueAdminRepository(store.dialect());
    this.cancels = new QueueCancel(store, rows);
  }

  /**
   * Which queued messages an action is about; a null field does not narrow.
   *
   * @param entryId one message
   * @param mailbox the messages of one mailbox (by name)
   * @param state QUEUED, WAITING, DEFERRED, LOCKED or HELD
   * @param minAge submitted at least this long ago
   * @param lastErrorContains its last error contains this text, ignoring case
   * @param recipientDomain a recipient not yet dealt with is in this domain
   */
  public record Selection(
      EntryId entryId,
      String mailbox,
      String state,
      Duration minAge,
      String lastErrorContains,
      String recipientDomain) {
    public static final Selection ALL = new Selection(null, null, null, null, null, null);

    public static Selection message(EntryId entryId) {
      return new Selection(entryId, null, null, null, null, null);
    }

    public static Selection mailbox(String mailbox) {
      return new Selection(null, mailbox, null, null, null, null);
    }

    public static Selection domain(String domain) {
      return new Selection(null, null, null, null, null, domain);
    }

    public static Selection inState(String state) {
      return new Selection(null, null, state, null, null, null);
    }
  }

  /** One queued message as the operator sees it; lane is URGENT, NORMAL or NON_URGENT. */
  public record Item(
      EntryId entryId,
      String mailbox,
      String subject,
      String state,
      String lane,
      int attempts,
      Instant submitted,
      Instant nextAttempt,
      String lastError,
      String lockedBy,
      String heldBy) {}

  /**
   * The queue's gauges.
   *
   * @param oldestDueAge how long the longest-waiting claimable message has been due; zero when none
   */
  public record Gauges(
      int depth, int urgent, int normal, int nonUrgent, int held, Duration oldestDueAge) {}

  /**
   * What a cancel did: messages cancelled, and selected messages left alone because a spooler was
   * delivering them (their lease held).
   */
  public record Cancelled(int cancelled, int inDelivery) {}

  /** {@code limit} (at most {@link #MAX_PAGE}) selected messages from {@code offset}, in order. */
  public List<Item> list(StoreConnection conn, Selection selection, int offset, int limit) {
    if (offset < 0 || limit < 1 || limit > MAX_PAGE) {
      throw new MapiException(
          MapiError.MAPI_E_INVALID_PARAMETER,
          "a page of the queue needs offset >= 0 and 1 <= limit <= "
              + MAX_PAGE
              + " (got offset "
              + offset
              + ", limit "
              + limit
              + ")");
    }
    long now = nowUs();
    return UnitOfWork.read(
        conn,
        "listing the outgoing queue",
        c -> {
          QueueFilter filter = filter(c, selection, now);
          if (filter == null) {
            return List.of();
          }
          List<Item> items = new ArrayList<>();
          for (QueueAdminRepository.Listed r : rows.page(c, filter, now, offset, limit)) {
            items.add(
                new Item(
                    EntryId.of(r.entryId()),
                    r.mailbox(),
                    (String) r.props().get(PropTag.PR_SUBJECT),
                    r.state().name(),
                    r.lane() > 0 ? "URGENT" : r.lane() < 0 ? "NON_URGENT" : "NORMAL",
                    r.attempts(),
                    MessageStore.instant(r.clientSubmitUs()),
                    MessageStore.instant(r.dueUs()),
                    r.lastError(),
                    r.state() == QueueState.LOCKED ? r.lockOwner() : null,
                    r.heldBy()));
          }
          return items;
        });
  }

  /** The queued message {@code entryId} as listed; MAPI_E_NOT_FOUND when it is not in the queue. */
  public Item find(StoreConnection conn, EntryId entryId) {
    List<Item> one = list(conn, Selection.message(entryId), 0, 1);
    if (one.isEmpty()) {
      throw notQueued(entryId);
    }
    return one.get(0);
  }

  /**
   * Makes the selected messages due now (next attempt = now): those waiting for a retry or a
   * deferred send time, neither held nor in delivery. Returns how many.
   */
  public int retryNow(StoreConnection conn, Selection selection) {
    long now = nowUs();
    return act(conn, "retrying queued messages now", selection, (c, f) -> rows.retryNow(c, f, now));
  }

  /**
   * Holds the selected messages: none of them is claimed by any node until released; one in
   * delivery now finishes its attempt and is held from the next. Returns how many were held now.
   */
  public int hold(StoreConnection conn, Selection selection, String by) {
    long now = nowUs();
    return act(
        conn,
        "holding queued messages",
        selection,
        (c, f) -> rows.hold(c, f, QueueAdminRepository.HELD_ALONE, clip(by), now));
  }

  /** Releases the selected held messages (held alone or with their mailbox). Returns how many. */
  public int release(StoreConnection conn, Selection selection) {
    long now = nowUs();
    return act(conn, "releasing held messages", selection, (c, f) -> rows.release(c, f, 0, now));
  }

  /**
   * Holds {@code mailbox}: its queued messages now, and every message it submits until {@link
   * #releaseMailbox} (the queue row of a submit reads the mailbox's hold in the same statement).
   * Returns how many queued messages were held now.
   */
  public int holdMailbox(StoreConnection conn, String mailbox, String by) {
    long now = nowUs();
    return UnitOfWork.run(
        conn,
        "holding mailbox " + mailbox,
        c -> {
          long id = mailboxId(c, mailbox);
          rows.setMailboxHeld(c, id, clip(by));
          return rows.hold(
              c,
              new QueueFilter(null, id, null, null, null, null),
              QueueAdminRepository.HELD_WITH_MAILBOX,
              clip(by),
              now);
        });
  }

  /**
   * Releases {@code mailbox}: new messages are queued free again, and the messages held with the
   * mailbox are released (those held on their own stay held). Returns how many were released.
   */
  public int releaseMailbox(StoreConnection conn, String mailbox) {
    long now = nowUs();
    return UnitOfWork.run(
        conn,
        "releasing mailbox " + mailbox,
        c -> {
          long id = mailboxId(c, mailbox);
          rows.setMailboxHeld(c, id, null);
          return rows.release(
              c,
              new QueueFilter(null, id, null, null, null, null),
              QueueAdminRepository.HELD_WITH_MAILBOX,
              now);
        });
  }

  /** The names of the held mailboxes. */
  public List<String> heldMailboxes(StoreConnection conn) {
    return UnitOfWork.read(conn, "reading the held mailboxes", rows::heldMailboxes);
  }

  /**
   * Cancels the selected messages that no spooler is delivering: each recipient not yet dealt with
   * fails with {@code "cancelled by the administrator"} (naming {@code by} when known), the sender
   * gets the NDR a failure gives (unless the message asked for none), and the message leaves the
   * queue and is filed as after a failed delivery. One transaction per message, so a cancel of many
   * is never half done for one. A message whose lease holds is not touched: counted in {@link
   * Cancelled#inDelivery}.
   */
  public Cancelled cancel(StoreConnection conn, Selection selection, String by) {
    long now = nowUs();
    QueueFilter filter =
        UnitOfWork.read(conn, "selecting messages to cancel", c -> filter(c, selection, now));
    if (filter == null) {
      return new Cancelled(0, 0);
    }
    int cancelled = cancels.cancel(conn, filter, now, by);
    int inDelivery =
        UnitOfWork.read(
            conn, "counting messages in delivery", c -> rows.countLocked(c, filter, nowUs()));
    return new Cancelled(cancelled, inDelivery);
  }

  /** The queue's depth by lane, held messages and the age of the oldest due message. */
  public Gauges gauges(StoreConnection conn) {
    long now = nowUs();
    return UnitOfWork.read(
        conn,
        "reading the queue gauges",
        c -> {
          QueueAdminRepository.Depth d = rows.depth(c);
          Long oldest = rows.oldestDueUs(c, now);
          Duration age = oldest == null ? Duration.ZERO : Duration.ofNanos((now - oldest) * 1_000);
          return new Gauges(d.total(), d.urgent(), d.normal(), d.nonUrgent(), d.held(), age);
        });
  }

  /** Runs an action on the selection's rows; a single message not in the queue fails. */
  private int act(StoreConnection conn, String what, Selection selection, Action action) {
    long now = nowUs();
    int count =
        UnitOfWork.run(
            conn,
            what,
            c -> {
              QueueFilter f = filter(c, selection, now);
              return f == null ? 0 : action.run(c, f);
            });
    if (count > 0 && selection.entryId() != null) {
      UnitOfWork.afterCommit(
          conn,
          () ->
              store
                  .events()
                  .queueChanged(
                      new QueueEvent(
                          QueueEvent.Kind.TABLE_ROW_MODIFIED, selection.entryId(), null)));
    }
    return count;
  }

  @FunctionalInterface
  private interface Action {
    int run(Connection c, QueueFilter filter) throws SQLException;
  }

  /**
   * The selection as SQL conditions; null when it can select nothing (a mailbox that has never
   * existed has no messages). A single message not in the queue, an unknown state or a negative age
   * fails with what was wrong.
   */
  private QueueFilter filter(Connection c, Selection s, long nowUs) throws SQLException {
    Long messageId = null;
    if (s.entryId() != null) {
      QueuedMessage m = QueuedMessage.find(store, c, s.entryId());
      if (m == null || !m.queued()) {
        throw notQueued(s.entryId());
      }
      messageId = m.messageId();
    }
    Long mailboxId = null;
    if (s.mailbox() != null && !s.mailbox().isBlank()) {
      MailboxRecord box = store.existingMailbox(c, s.mailbox().trim());
      if (box == null) {
        return null;
      }
      mailboxId = box.id();
    }
    QueueState state = null;
    if (s.state() != null && !s.state().isBlank()) {
      try {
        state = QueueState.valueOf(s.state().trim().toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new MapiException(
            MapiError.MAPI_E_INVALID_PARAMETER,
            "'"
                + s.state()
                + "' is not a queue state; use one of "
                + java.util.Arrays.toString(QueueState.values()));
      }
    }
    Long submittedAtMost = null;
    if (s.minAge() != null) {
      if (s.minAge().isNegative()) {
        throw new MapiException(
            MapiError.MAPI_E_INVALID_PARAMETER,
            "the minimum age " + s.minAge() + " is negative; use 0 for no minimum");
      }
      if (!s.minAge().isZero()) {
        submittedAtMost = nowUs - s.minAge().toNanos() / 1_000;
      }
    }
    String domain = s.recipientDomain();
    if (domain != null) {
      domain = domain.trim();
      if (domain.startsWith("@")) {
        domain = domain.substring(1);
      }
    }
    return new QueueFilter(
        messageId, mailboxId, state, submittedAtMost, s.lastErrorContains(), domain);
  }

  private long mailboxId(Connection c, String mailbox) throws SQLException {
    MailboxRecord box = mailbox == null ? null : store.existingMailbox(c, mailbox.trim());
    if (box == null) {
      throw new MapiException(
          MapiError.MAPI_E_NOT_FOUND, "no mailbox '" + mailbox + "' in the store");
    }
    return box.id();
  }

  static MapiException notQueued(EntryId entryId) {
    return new MapiException(
        MapiError.MAPI_E_NOT_FOUND,
        "no message " + entryId + " in the outgoing queue (never submitted, or already finished)");
  }

  private static String clip(String by) {
    String who = by == null || by.isBlank() ? "administrator" : by.trim();
    return who.length() > 200 ? who.substring(0, 200) : who;
  }

  private long nowUs() {
    return MessageStore.micros(store.clock().instant());
  }
}
