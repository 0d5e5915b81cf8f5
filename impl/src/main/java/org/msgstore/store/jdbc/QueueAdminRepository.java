package org.msgstore.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.msgstore.PropTag;

/**
 * The statements behind an operator's queue operations: a filtered page of the queue, retry now,
 * hold and release, the messages a cancel takes, and the gauges. Each is one statement whose
 * conditions come from a {@link QueueFilter}, so a selection of any size is acted on in the
 * database and never read whole. Apart from {@link QueueRepository}, which the spooler's every
 * claim goes through, because none of this is on its path.
 */
public final class QueueAdminRepository {
  /** {@code held}: held on its own. */
  public static final int HELD_ALONE = 1;

  /** {@code held}: held with its mailbox; released with the mailbox. */
  public static final int HELD_WITH_MAILBOX = 2;

  private final String page;
  private final boolean limitFirst;
  private final String firstRows;

  public QueueAdminRepository(Dialect dialect) {
    this.firstRows = dialect.firstRows();
    // MariaDB pages with LIMIT n OFFSET m; H2 and PostgreSQL with the standard OFFSET … FETCH.
    this.limitFirst = firstRows.startsWith("LIMIT");
    this.page = limitFirst ? "LIMIT ? OFFSET ?" : "OFFSET ? ROWS FETCH FIRST ? ROWS ONLY";
  }

  /** One queued message as the operator's list shows it. */
  public record Listed(
      long messageId,
      byte[] entryId,
      String mailbox,
      Map<PropTag<?>, Object> props,
      QueueState state,
      int lane,
      long clientSubmitUs,
      long dueUs,
      int attempts,
      String lastError,
      String lockOwner,
      String heldBy) {}

  /**
   * The queued messages {@code filter} selects, in queue order (submit time, then sequence, R19),
   * {@code limit} of them from {@code offset} on.
   */
  public List<Listed> page(Connection c, QueueFilter filter, long nowUs, int offset, int limit)
      throws SQLException {
    QueueFilter.Conditions w = filter.conditions(nowUs);
    String sql =
        """
        SELECT q.message_id, m.entry_id, b.name, m.props, q.lock_owner, q.lease_until_us, q.held,
               q.due_us, q.attempts, q.lane, q.client_submit_us, q.last_error, q.held_by
          FROM outgoing_queue q
          JOIN message m ON m.id = q.message_id
          JOIN mailbox b ON b.id = q.mailbox_id
         WHERE %s
         ORDER BY q.client_submit_us, q.submit_seq
         %s
        """
            .formatted(w.where(), page);
    return Jdbc.list(
        c,
        sql,
        ps -> {
          int i = w.bind(ps, 1);
          ps.setInt(i++, limitFirst ? limit : offset);
          ps.setInt(i, limitFirst ? offset : limit);
        },
        rs -> {
          String owner = rs.getString(5);
          long leaseUntil = rs.getLong(6);
          int held = rs.getInt(7);
          long due = rs.getLong(8);
          int attempts = rs.getInt(9);
          return new Listed(
              rs.getLong(1),
              rs.getBytes(2),
              rs.getString(3),
              PropertyCodec.decode(rs.getBytes(4)),
              QueueState.of(owner, leaseUntil, held, due, attempts, nowUs),
              rs.getInt(10),
              rs.getLong(11),
              due,
              attempts,
              rs.getString(12),
              owner,
              rs.getString(13));
        });
  }

  /**
   * Makes the selected messages due at {@code nowUs}: those waiting for a later time, not held and
   * not in delivery. Returns how many.
   */
  public int retryNow(Connection c, QueueFilter filter, long nowUs) throws SQLException {
    QueueFilter.Conditions w = filter.conditions(nowUs);
    w.add("q.held = 0")
        .add("q.due_us > ?", nowUs)
        .add("(q.lock_owner IS NULL OR q.lease_until_us < ?)", nowUs);
    return update(
        c,
        """
        UPDATE outgoing_queue q
           SET due_us = ?
         WHERE %s
        """,
        w,
        nowUs);
  }

  /**
   * Holds the selected messages not held yet, {@code kind} {@link #HELD_ALONE} or {@link
   * #HELD_WITH_MAILBOX}; a message in delivery is held too, from its next attempt on. Returns how
   * many.
   */
  public int hold(Connection c, QueueFilter filter, int kind, String by, long nowUs)
      throws SQLException {
    QueueFilter.Conditions w = filter.conditions(nowUs).add("q.held = 0");
    return update(
        c,
        """
        UPDATE outgoing_queue q
           SET held = ?,
               held_by = ?
         WHERE %s
        """,
        w,
        kind,
        by);
  }

  /**
   * Releases the selected held messages; with {@code onlyKind} not 0, only those held that way.
   * Returns how many.
   */
  public int release(Connection c, QueueFilter filter, int onlyKind, long nowUs)
      throws SQLException {
    QueueFilter.Conditions w = filter.conditions(nowUs).add("q.held <> 0");
    if (onlyKind != 0) {
      w.add("q.held = ?", onlyKind);
    }
    return update(
        c,
        """
        UPDATE outgoing_queue q
           SET held = 0,
               held_by = NULL
         WHERE %s
        """,
        w);
  }

  /**
   * Up to {@code limit} selected messages not in delivery with a row id above {@code afterId}, in
   * row id order: a cancel takes them a batch at a time.
   */
  public List<Long> unlockedIds(
      Connection c, QueueFilter filter, long nowUs, long afterId, int limit) throws SQLException {
    QueueFilter.Conditions w =
        filter
            .conditions(nowUs)
            .add("(q.lock_owner IS NULL OR q.lease_until_us < ?)", nowUs)
            .add("q.message_id > ?", afterId);
    String sql =
        """
        SELECT q.message_id
          FROM outgoing_queue q
         WHERE %s
         ORDER BY q.message_id
         %s
        """
            .formatted(w.where(), firstRows);
    return Jdbc.list(
        c,
        sql,
        ps -> {
          int i = w.bind(ps, 1);
          ps.setInt(i, limit);
        },
        rs -> rs.getLong(1));
  }

  /** How many selected messages are in delivery now. */
  public int countLocked(Connection c, QueueFilter filter, long nowUs) throws SQLException {
    QueueFilter.Conditions w = filter.withState(QueueState.LOCKED).conditions(nowUs);
    return Jdbc.first(
        c,
        "SELECT COUNT(*)\n  FROM outgoing_queue q\n WHERE " + w.where(),
        ps -> w.bind(ps, 1),
        rs -> rs.getInt(1));
  }

  /** Marks a mailbox held by {@code by}, or not held (null); false when there is no such row. */
  public boolean setMailboxHeld(Connection c, long mailboxId, String by) throws SQLException {
    int count =
        Jdbc.update(
            c,
            """
            UPDATE mailbox
               SET held_by = ?
             WHERE id = ?
            """,
            ps -> {
              ps.setString(1, by);
              ps.setLong(2, mailboxId);
            });
    return Jdbc.atMostOne(count, "hold of mailbox", mailboxId);
  }

  /** Who holds the mailbox, or null when it is not held. */
  public String mailboxHeldBy(Connection c, long mailboxId) throws SQLException {
    return Jdbc.first(
        c,
        """
        SELECT held_by
          FROM mailbox
         WHERE id = ?
        """,
        ps -> ps.setLong(1, mailboxId),
        rs -> rs.getString(1));
  }

  /** The names of the held mailboxes. */
  public List<String> heldMailboxes(Connection c) throws SQLException {
    return Jdbc.list(
        c,
        """
        SELECT name
          FROM mailbox
         WHERE held_by IS NOT NULL
         ORDER BY name
        """,
        Jdbc.NO_PARAMETERS,
        rs -> rs.getString(1));
  }

  /** The queue's size by lane and hold, for the gauges. */
  public record Depth(int urgent, int normal, int nonUrgent, int held) {
    public int total() {
      return urgent + normal + nonUrgent;
    }
  }

  /** Every queued message counted by lane, and those held: one pass over the queue. */
  public Depth depth(Connection c) throws SQLException {
    int[] lanes = new int[3];
    int[] held = new int[1];
    Jdbc.list(
        c,
        """
        SELECT q.lane, q.held, COUNT(*)
          FROM outgoing_queue q
         GROUP BY q.lane, q.held
        """,
        Jdbc.NO_PARAMETERS,
        rs -> {
          int lane = Integer.signum(rs.getInt(1));
          int count = rs.getInt(3);
          lanes[1 - lane] += count; // urgent, normal, non-urgent
          if (rs.getInt(2) != 0) {
            held[0] += count;
          }
          return null;
        });
    return new Depth(lanes[0], lanes[1], lanes[2], held[0]);
  }

  /**
   * When the longest-waiting message a spooler could claim now became due (the smallest due time
   * among due, unheld, unlocked messages), or null when none waits.
   */
  public Long oldestDueUs(Connection c, long nowUs) throws SQLException {
    return Jdbc.first(
        c,
        """
        SELECT MIN(q.due_us)
          FROM outgoing_queue q
         WHERE q.due_us <= ?
           AND q.held = 0
           AND (q.lock_owner IS NULL OR q.lease_until_us < ?)
        """,
        ps -> {
          ps.setLong(1, nowUs);
          ps.setLong(2, nowUs);
        },
        rs -> {
          long v = rs.getLong(1);
          return rs.wasNull() ? null : v;
        });
  }

  /** An UPDATE of {@code template} (its conditions at %s) with {@code set} bound first. */
  private static int update(Connection c, String template, QueueFilter.Conditions w, Object... set)
      throws SQLException {
    return Jdbc.update(
        c,
        template.formatted(w.where()),
        ps -> {
          QueueFilter.Conditions first = new QueueFilter.Conditions().add("", set);
          w.bind(ps, first.bind(ps, 1));
        });
  }
}
