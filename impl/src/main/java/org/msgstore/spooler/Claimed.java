package org.msgstore.spooler;

import java.time.Instant;
import org.msgstore.EntryId;

/**
 * A message this node locked, and when (taken just before the claim, so that its lease lasts at
 * least a lease from then): one that waited for a delivery thread, or behind its run's other sends,
 * longer than half a lease is renewed first.
 */
record Claimed(EntryId id, Instant at) {}
