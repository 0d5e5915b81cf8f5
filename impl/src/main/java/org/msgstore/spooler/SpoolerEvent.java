package org.msgstore.spooler;

import org.msgstore.EntryId;

/** Something the spooler did; feeds counters, the demo's status page, metrics and tests. */
public record SpoolerEvent(Kind kind, EntryId entryId, String detail) {
  public enum Kind {
    CLAIMED,
    /** A preprocessor's extra message was queued (R49). */
    GENERATED,
    /** A transport threw CriticalTransportException and is out of service (R63). */
    TRANSPORT_OUT_OF_SERVICE,
    DELIVERED,
    DEFERRED,
    /**
     * A transport's flow control held recipients back (a rate limit, a relay slowing down): the
     * message waits its turn, with no attempt counted. It follows the message's {@link #DEFERRED}:
     * a held message is deferred too, so DEFERRED counts every deferral and THROTTLED those that
     * were only waits.
     */
    THROTTLED,
    FAILED,
    NDR_WRITTEN,
    DR_WRITTEN,
    FINISHED,
    LEASE_LOST,
    UNEXPECTED_ERROR
  }
}
