package org.msgstore.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.msgstore.store.jdbc.QueueRepository.Due;

/**
 * Which queued messages a spooler claims next: those due, not locked and not held by an operator,
 * in claim rank order (the submit time moved by priority, see {@code ClaimRank}), then submit
 * order. Both queries read the claim index (held, claim rank, submit sequence) from its unheld
 * start, so held messages cost a claim nothing; they order by held too (one value there), as H2
 * reads an index in order only for an ORDER BY that names its leading columns. Its own class
 * because how to find them cheaply depends on the database, and none of that is about the queue's
 * other statements.
 *
 * <p>Where the database can, the rows are also row-locked until the caller's transaction ends,
 * skipping rows another transaction holds: two spoolers claiming at once (threads or nodes) then
 * get disjoint batches instead of queueing behind each other on the same rows. Without SKIP LOCKED,
 * the lock statement's condition ({@link QueueRepository#lock}) still makes sure only one of them
 * wins a row.
 */
final class DueQuery {
  private static final int HEAD_WINDOW_FACTOR = 8;

  private static final String DUE_ALL_TEMPLATE =
      """
      SELECT q.message_id, m.entry_id
        FROM outgoing_queue q
        JOIN message m ON m.id = q.message_id
       WHERE q.held = 0
         AND q.due_us <= ?
         AND (q.lock_owner IS NULL OR q.lease_until_us < ?)
       ORDER BY q.held, q.claim_rank_us, q.submit_seq
       %1$s
      """;

  /**
   * The due rows among the first rows of the queue in queue order (the window is the 1st
   * parameter).
   */
  private static final String HEAD_FIRST_TEMPLATE =
      """
      SELECT d.message_id, m.entry_id
        FROM (SELECT w.message_id, w.claim_rank_us, w.submit_seq
                FROM (SELECT message_id, claim_rank_us, submit_seq, due_us, lock_owner, lease_until_us
                        FROM outgoing_queue
                       WHERE held = 0
                       ORDER BY held, claim_rank_us, submit_seq
                       %1$s) w
               WHERE w.due_us <= ?
                 AND (w.lock_owner IS NULL OR w.lease_until_us < ?)) d
        JOIN message m ON m.id = d.message_id
       ORDER BY d.claim_rank_us, d.submit_seq
       %1$s
      """;

  private final Dialect dialect;
  private final String dueAll;
  private final String headFirst;

  DueQuery(Dialect dialect) {
    this.dialect = dialect;
    // %1$s is the dialect's first-rows clause (FETCH FIRST or LIMIT, the count bound as a
    // parameter); the SQL is built once per store.
    this.dueAll =
        DUE_ALL_TEMPLATE.formatted(dialect.firstRows())
            + (dialect.supportsSkipLocked() ? dialect.forUpdateSkipLocked("q") + "\n" : "");
    this.headFirst = HEAD_FIRST_TEMPLATE.formatted(dialect.firstRows());
  }

  /** At most {@code limit} due, unlocked messages at {@code nowUs}, in queue order. */
  List<Due> find(Connection c, long nowUs, int limit) throws SQLException {
    if (!dialect.supportsSkipLocked()) {
      // Looking at the head of the queue first keeps a claim's cost flat as a due backlog grows:
      // the query below finds all due rows and sorts them (H2 plans it so), the head window stops
      // after a few hundred rows. When the head does not have enough due rows (most of it deferred
      // or locked), the full query still finds the oldest ones.
      List<Due> head = query(c, headFirst, nowUs, limit, limit * HEAD_WINDOW_FACTOR + 64);
      if (head.size() == limit) {
        return head;
      }
    }
    return query(c, dueAll, nowUs, limit, 0);
  }

  private static List<Due> query(Connection c, String sql, long nowUs, int limit, int window)
      throws SQLException {
    return Jdbc.list(
        c,
        sql,
        ps -> {
          int i = 1;
          if (window > 0) {
            ps.setInt(i++, window);
          }
          ps.setLong(i++, nowUs);
          ps.setLong(i++, nowUs);
          ps.setInt(i, limit);
        },
        rs -> new Due(rs.getLong(1), rs.getBytes(2)));
  }
}
