package org.msgstore.spooler;

import org.msgstore.EntryId;

/** Something the spooler did; feeds counters, the demo's status page, metrics and tests. */
public record SpoolerEvent(Kind kind, EntryId entryId, String detail) {
  public enum Kind {
    CLAIMED,
    DELIVERED,
    DEFERRED,
    FAILED,
    NDR_WRITTEN,
    DR_WRITTEN,
    FINISHED,
    LEASE_LOST,
    UNEXPECTED_ERROR
  }
}
