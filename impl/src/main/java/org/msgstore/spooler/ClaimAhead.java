package org.msgstore.spooler;

import java.time.Clock;
import java.time.Instant;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.msgstore.EntryId;
import org.msgstore.store.SpoolerSession;

/**
 * The loop's claims made ahead of the delivery threads: messages this node locked that no thread
 * has taken yet (the loop adds, threads take). It claims again while fewer wait than there are
 * threads, but only when the last claim was full or something changed since: an empty claim is not
 * repeated per message.
 */
final class ClaimAhead {
  private final SpoolerSession session;
  private final Clock clock;
  private final int batchSize;
  private final int threads;
  private final Deque<Claimed> ahead = new ConcurrentLinkedDeque<>();
  private boolean lookAgain = true;

  ClaimAhead(SpoolerSession session, Clock clock, int batchSize, int threads) {
    this.session = session;
    this.clock = clock;
    this.batchSize = batchSize;
    this.threads = threads;
  }

  /** Claims up to a batch less what waits, when due; {@code changed}: a wake-up came meanwhile. */
  void topUp(boolean changed) {
    if (ahead.size() < threads && (lookAgain || changed)) {
      int want = Math.max(1, batchSize - ahead.size());
      // Taken before the claim: the leases it takes last at least a lease from then.
      Instant at = clock.instant();
      List<EntryId> claimed = session.claim(want);
      claimed.forEach(id -> ahead.add(new Claimed(id, at)));
      lookAgain = claimed.size() == want;
    }
  }

  /** The next top-up claims even if nothing changed: deferred messages may have come due. */
  void lookAgain() {
    lookAgain = true;
  }

  boolean isEmpty() {
    return ahead.isEmpty();
  }

  Deque<Claimed> waiting() {
    return ahead;
  }

  /** Forgets what waits: its locks are released with the others, or lapse. */
  void clear() {
    ahead.clear();
  }
}
