package org.msgstore.store;

import java.time.Duration;
import java.util.Map;
import org.msgstore.MapiError;
import org.msgstore.MapiException;
import org.msgstore.PropTag;

/**
 * Where a submitted message stands in the order the spooler claims due messages: its client submit
 * time, moved ahead by the head start for an urgent message and back by it for a non-urgent one.
 * Fixed at submit and stored with the queue row, so a claim reads one index in order however long
 * the queue is.
 *
 * <p>This is ageing, not strict lanes: an urgent message overtakes the normal messages submitted up
 * to one head start before it and the non-urgent ones up to two, and a non-urgent message is never
 * overtaken by anything submitted more than two head starts after it, so a bulk send yields to the
 * mail that matters without starving. A head start of zero is plain submit order (R34).
 */
public final class ClaimRank {
  /** The default head start: an hour of normal mail goes ahead of a non-urgent newsletter. */
  public static final Duration DEFAULT_HEAD_START = Duration.ofHours(1);

  /** PR_PRIORITY values (MAPITags.h). */
  static final int PRIO_URGENT = 1;

  static final int PRIO_NONURGENT = -1;

  /** PR_IMPORTANCE values (MAPITags.h). */
  static final int IMPORTANCE_LOW = 0;

  static final int IMPORTANCE_HIGH = 2;

  private volatile long headStartUs = DEFAULT_HEAD_START.toNanos() / 1_000;

  /** Sets the head start for messages submitted from now on; queued ones keep their rank. */
  public void setHeadStart(Duration headStart) {
    if (headStart.isNegative()) {
      throw new MapiException(
          MapiError.MAPI_E_INVALID_PARAMETER, "the priority head start must not be negative");
    }
    this.headStartUs = headStart.toNanos() / 1_000;
  }

  public Duration headStart() {
    return Duration.ofNanos(headStartUs * 1_000);
  }

  /** The rank of a message with {@code props} submitted at {@code clientSubmitUs}. */
  long of(Map<PropTag<?>, Object> props, long clientSubmitUs) {
    return clientSubmitUs - lane(props) * headStartUs;
  }

  /**
   * +1 urgent, 0 normal, -1 non-urgent: PR_PRIORITY, which MAPI gives the messaging system to order
   * delivery by, or when it is not set the sender's PR_IMPORTANCE (the Importance and X-Priority
   * headers that mail clients show).
   */
  static int lane(Map<PropTag<?>, Object> props) {
    if (props.get(PropTag.PR_PRIORITY) instanceof Integer priority) {
      return Integer.signum(priority);
    }
    if (props.get(PropTag.PR_IMPORTANCE) instanceof Integer importance) {
      return importance >= IMPORTANCE_HIGH ? 1 : importance <= IMPORTANCE_LOW ? -1 : 0;
    }
    return 0;
  }
}
