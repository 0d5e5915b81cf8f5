package org.msgstore.store.jdbc;

/**
 * Where a queued message stands for an operator, each state one SQL condition so a list can be
 * filtered by it in the database. A message is in exactly one state; LOCKED goes first because a
 * message in delivery stays in delivery whatever else is set on it.
 */
public enum QueueState {
  /** A spooler holds its lease: in delivery now. */
  LOCKED("q.lock_owner IS NOT NULL AND q.lease_until_us >= ?"),
  /** An operator held it (on its own or with its mailbox): never claimed until released. */
  HELD(QueueState.FREE + " AND q.held <> 0"),
  /** Due now, waiting for a spooler. */
  QUEUED(QueueState.FREE + " AND q.held = 0 AND q.due_us <= ?"),
  /** Not tried yet, its deferred send time not reached (R79). */
  WAITING(QueueState.FREE + " AND q.held = 0 AND q.due_us > ? AND q.attempts = 0"),
  /** Tried, waiting for its next attempt. */
  DEFERRED(QueueState.FREE + " AND q.held = 0 AND q.due_us > ? AND q.attempts > 0");

  /** Not locked: no lease, or a lapsed one (the 1st parameter is now). */
  private static final String FREE = "(q.lock_owner IS NULL OR q.lease_until_us < ?)";

  private final String condition;

  QueueState(String condition) {
    this.condition = condition;
  }

  /** The state of a row with these columns at {@code nowUs}. */
  public static QueueState of(
      String lockOwner, long leaseUntilUs, int held, long dueUs, int attempts, long nowUs) {
    if (lockOwner != null && leaseUntilUs >= nowUs) {
      return LOCKED;
    }
    if (held != 0) {
      return HELD;
    }
    if (dueUs <= nowUs) {
      return QUEUED;
    }
    return attempts > 0 ? DEFERRED : WAITING;
  }

  void addTo(QueueFilter.Conditions w, long nowUs) {
    long params = condition.chars().filter(ch -> ch == '?').count();
    Object[] bound = new Object[(int) params];
    java.util.Arrays.fill(bound, nowUs);
    w.add("(" + condition + ")", bound);
  }
}
