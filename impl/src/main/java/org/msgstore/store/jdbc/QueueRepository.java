package org.msgstore.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The outgoing queue: one row per submitted, unfinished message.
 *
 * <p>Past 300 lines because each queue operation is one statement with its own condition (lease
 * taken, held, expired, free), and keeping them side by side is what lets a reader check that they
 * agree on what "locked" means. Finding which rows to claim is {@link DueQuery}'s job.
 */
public final class QueueRepository {
  private static final String ENTRY_COLUMNS =
      "q.message_id, q.submit_seq, q.mailbox_id, q.client_submit_us, q.submit_flags, q.due_us, q.lock_owner, q.lease_until_us, q.attempts, q.last_error";

  private final DueQuery dueQuery;

  public QueueRepository(Dialect dialect) {
    this.dueQuery = new DueQuery(dialect);
  }

  /**
   * Queues a message; it is queued held ({@link QueueAdminRepository#HELD_WITH_MAILBOX}) when its
   * mailbox is held, read in the same statement so a submit costs no extra round trip.
   *
   * @param lane the priority lane (+1 urgent, 0 normal, -1 non-urgent), for per-lane depth
   */
  public void insert(
      Connection c,
      long messageId,
      long mailboxId,
      long clientSubmitUs,
      long claimRankUs,
      int lane,
      int submitFlags,
      long dueUs)
      throws SQLException {
    int count =
        Jdbc.update(
            c,
            """
            INSERT INTO outgoing_queue
                   (message_id, mailbox_id, client_submit_us, claim_rank_us, submit_flags, due_us,
                    lane, held, held_by)
            VALUES (?, ?, ?, ?, ?, ?, ?,
                    (SELECT CASE WHEN b.held_by IS NULL THEN 0 ELSE 2 END
                       FROM mailbox b
                      WHERE b.id = ?),
                    (SELECT b.held_by
                       FROM mailbox b
                      WHERE b.id = ?))
            """,
            ps -> {
              ps.setLong(1, messageId);
              ps.setLong(2, mailboxId);
              ps.setLong(3, clientSubmitUs);
              ps.setLong(4, claimRankUs);
              ps.setInt(5, submitFlags);
              ps.setLong(6, dueUs);
              ps.setInt(7, lane);
              ps.setLong(8, mailboxId);
              ps.setLong(9, mailboxId);
            });
    Jdbc.expectOne(count, "queue message", messageId);
  }

  /** The queue row of a message, or null when it is not queued. */
  public QueueEntry find(Connection c, long messageId) throws SQLException {
    return Jdbc.first(
        c,
        "SELECT "
            + ENTRY_COLUMNS
            + """

              FROM outgoing_queue q
             WHERE q.message_id = ?
            """,
        ps -> ps.setLong(1, messageId),
        QueueRepository::entry);
  }

  /** How many messages are queued, locked or not. */
  public int count(Connection c) throws SQLException {
    return Jdbc.first(
        c,
        """
        SELECT COUNT(*)
          FROM outgoing_queue
        """,
        Jdbc.NO_PARAMETERS,
        rs -> rs.getInt(1));
  }

  /**
   * The earliest due time after {@code nowUs} of a message not held, or null if none: read from the
   * due-time index's first row past now.
   */
  public Long nextDueAfter(Connection c, long nowUs) throws SQLException {
    return Jdbc.first(
        c,
        """
        SELECT MIN(due_us)
          FROM outgoing_queue
         WHERE due_us > ?
           AND held = 0
        """,
        ps -> ps.setLong(1, nowUs),
        rs -> {
          long due = rs.getLong(1);
          return rs.wasNull() ? null : due;
        });
  }

  /** The whole queue in submit order (client submit time, then submit sequence). */
  public List<QueueRow> list(Connection c) throws SQLException {
    return Jdbc.list(
        c,
        "SELECT "
            + ENTRY_COLUMNS
            + ", m.entry_id, m.message_flags, m.props"
            + """

              FROM outgoing_queue q
              JOIN message m ON m.id = q.message_id
             ORDER BY q.client_submit_us, q.submit_seq
            """,
        Jdbc.NO_PARAMETERS,
        rs ->
            new QueueRow(
                entry(rs), rs.getBytes(11), rs.getInt(12), PropertyCodec.decode(rs.getBytes(13))));
  }

  /**
   * Messages that are due and not locked, with their entry ids, oldest submission first (see {@link
   * DueQuery} for how they are found and row-locked).
   */
  public List<Due> due(Connection c, long nowUs, int limit) throws SQLException {
    return dueQuery.find(c, nowUs, limit);
  }

  /** A due message: its row id and its entry id. */
  public record Due(long messageId, byte[] entryId) {}

  /**
   * {@link #lock} for several messages as one batch; element i is whether {@code messageIds[i]} was
   * locked.
   */
  public boolean[] lockAll(
      Connection c, List<Long> messageIds, String owner, long nowUs, long leaseUntilUs)
      throws SQLException {
    boolean[] locked = new boolean[messageIds.size()];
    if (messageIds.isEmpty()) {
      return locked;
    }
    int[] counts =
        Jdbc.batch(
            c,
            LOCK,
            ps -> {
              for (long id : messageIds) {
                bindLock(ps, id, owner, nowUs, leaseUntilUs);
                ps.addBatch();
              }
              return messageIds.size();
            });
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] == Statement.SUCCESS_NO_INFO) {
        throw new SQLException("the driver did not say which queue rows the batch locked");
      }
      locked[i] = atMostOne(counts[i], messageIds.get(i));
    }
    return locked;
  }

  /**
   * Takes or renews the lease of {@code owner}; fails (false) while another owner's lease holds.
   */
  public boolean lock(Connection c, long messageId, String owner, long nowUs, long leaseUntilUs)
      throws SQLException {
    int count = Jdbc.update(c, LOCK, ps -> bindLock(ps, messageId, owner, nowUs, leaseUntilUs));
    return atMostOne(count, messageId);
  }

  /**
   * Takes a lease: the owner's own (a renewal) qualifies, and free rows and expired leases unless
   * an operator held the message (held between the due query and this lock: not taken).
   */
  private static final String LOCK =
      """
      UPDATE outgoing_queue
         SET lock_owner = ?,
             lease_until_us = ?
       WHERE message_id = ?
         AND (lock_owner = ? OR held = 0 AND (lock_owner IS NULL OR lease_until_us < ?))
      """;

  private static void bindLock(
      PreparedStatement ps, long messageId, String owner, long nowUs, long leaseUntilUs)
      throws SQLException {
    ps.setString(1, owner);
    ps.setLong(2, leaseUntilUs);
    ps.setLong(3, messageId);
    ps.setString(4, owner);
    ps.setLong(5, nowUs);
  }

  /** Releases the lease of {@code owner}; false when it does not hold it. */
  public boolean unlock(Connection c, long messageId, String owner) throws SQLException {
    int count =
        Jdbc.update(
            c,
            """
            UPDATE outgoing_queue
               SET lock_owner = NULL,
                   lease_until_us = NULL
             WHERE message_id = ?
               AND lock_owner = ?
            """,
            byIdAndOwner(messageId, owner));
    return atMostOne(count, messageId);
  }

  /** Writes new submit flags (e.g. SUBMITFLAG_PREPROCESS cleared after preprocessing). */
  public boolean setSubmitFlags(Connection c, long messageId, int submitFlags) throws SQLException {
    int count =
        Jdbc.update(
            c,
            """
            UPDATE outgoing_queue
               SET submit_flags = ?
             WHERE message_id = ?
            """,
            ps -> {
              ps.setInt(1, submitFlags);
              ps.setLong(2, messageId);
            });
    return atMostOne(count, messageId);
  }

  /**
   * Gives a message back to the queue after an attempt (spec E1): unlocked, due again at {@code
   * dueUs}, with the attempt counted and its error kept for operators.
   */
  public boolean release(Connection c, long messageId, String owner, long dueUs, String lastError)
      throws SQLException {
    return release(c, messageId, owner, dueUs, lastError, 1);
  }

  /**
   * Gives a message back to the queue that a transport's flow control held back (a rate limit, a
   * relay slowing down): like {@link #release}, but the attempt is not counted, so its back-off
   * does not grow while it only waits its turn.
   */
  public boolean postpone(Connection c, long messageId, String owner, long dueUs, String lastError)
      throws SQLException {
    return release(c, messageId, owner, dueUs, lastError, 0);
  }

  private boolean release(
      Connection c, long messageId, String owner, long dueUs, String lastError, int attempt)
      throws SQLException {
    int count =
        Jdbc.update(
            c,
            """
            UPDATE outgoing_queue
               SET lock_owner = NULL,
                   lease_until_us = NULL,
                   due_us = ?,
                   attempts = attempts + ?,
                   last_error = ?
             WHERE message_id = ?
               AND lock_owner = ?
            """,
            ps -> {
              ps.setLong(1, dueUs);
              ps.setInt(2, attempt);
              ps.setString(
                  3,
                  lastError == null
                      ? null
                      : lastError.length() > 2000 ? lastError.substring(0, 2000) : lastError);
              ps.setLong(4, messageId);
              ps.setString(5, owner);
            });
    return atMostOne(count, messageId);
  }

  /**
   * Releases what one claim of {@code owner} took: the leases that end exactly at {@code
   * leaseUntilUs} (a claim writes one lease end for all it locks) and still hold at {@code nowUs};
   * returns how many.
   */
  public int unlockClaim(Connection c, String owner, long leaseUntilUs, long nowUs)
      throws SQLException {
    return Jdbc.update(
        c,
        """
        UPDATE outgoing_queue
           SET lock_owner = NULL,
               lease_until_us = NULL
         WHERE lock_owner = ?
           AND lease_until_us = ?
           AND lease_until_us >= ?
        """,
        ps -> {
          ps.setString(1, owner);
          ps.setLong(2, leaseUntilUs);
          ps.setLong(3, nowUs);
        });
  }

  /** Releases every lease {@code owner} holds (an orderly stop); returns how many. */
  public int unlockAll(Connection c, String owner) throws SQLException {
    return Jdbc.update(
        c,
        """
        UPDATE outgoing_queue
           SET lock_owner = NULL,
               lease_until_us = NULL
         WHERE lock_owner = ?
        """,
        ps -> ps.setString(1, owner));
  }

  /** Removes the message from the queue unless someone holds an unexpired lease on it. */
  public boolean deleteUnlocked(Connection c, long messageId, long nowUs) throws SQLException {
    int count =
        Jdbc.update(
            c,
            """
            DELETE FROM outgoing_queue
             WHERE message_id = ?
               AND (lock_owner IS NULL OR lease_until_us < ?)
            """,
            ps -> {
              ps.setLong(1, messageId);
              ps.setLong(2, nowUs);
            });
    return atMostOne(count, messageId);
  }

  /** Removes the message from the queue if {@code owner} holds its lease. */
  public boolean deleteLockedBy(Connection c, long messageId, String owner) throws SQLException {
    int count =
        Jdbc.update(
            c,
            """
            DELETE FROM outgoing_queue
             WHERE message_id = ?
               AND lock_owner = ?
            """,
            byIdAndOwner(messageId, owner));
    return atMostOne(count, messageId);
  }

  /**
   * Removes the message from the queue if {@code owner} holds an unexpired lease on it: the check
   * and the removal in one statement.
   */
  public boolean deleteHeldBy(Connection c, long messageId, String owner, long nowUs)
      throws SQLException {
    int count =
        Jdbc.update(
            c,
            """
            DELETE FROM outgoing_queue
             WHERE message_id = ?
               AND lock_owner = ?
               AND lease_until_us >= ?
            """,
            ps -> {
              ps.setLong(1, messageId);
              ps.setString(2, owner);
              ps.setLong(3, nowUs);
            });
    return atMostOne(count, messageId);
  }

  /** Binds {@code WHERE message_id = ? AND lock_owner = ?}. */
  private static Jdbc.Binder byIdAndOwner(long messageId, String owner) {
    return ps -> {
      ps.setLong(1, messageId);
      ps.setString(2, owner);
    };
  }

  private static boolean atMostOne(int count, long messageId) throws SQLException {
    return Jdbc.atMostOne(count, "queue update of message", messageId);
  }

  private static QueueEntry entry(ResultSet rs) throws SQLException {
    long leaseUntil = rs.getLong(8);
    boolean noLease = rs.wasNull();
    return new QueueEntry(
        rs.getLong(1),
        rs.getLong(2),
        rs.getLong(3),
        rs.getLong(4),
        rs.getInt(5),
        rs.getLong(6),
        rs.getString(7),
        noLease ? 0 : leaseUntil,
        rs.getInt(9),
        rs.getString(10));
  }
}
