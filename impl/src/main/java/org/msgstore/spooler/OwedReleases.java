package org.msgstore.spooler;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.msgstore.EntryId;
import org.msgstore.MapiError;
import org.msgstore.MapiException;
import org.msgstore.store.SpoolerSession;

/**
 * The releases this node owes: messages it holds whose release after a failed attempt could not be
 * written, because the store did not answer (the database went away in the middle of a delivery).
 * Left alone, such a message stays locked under this node's name until its lease lapses (minutes),
 * since the claim skips rows whose lease holds. The delivery threads note each here; the spooler's
 * loop pays them as soon as the store answers again, before it claims anything new.
 *
 * <p>A release is paid only while this node's lease on the message surely holds, which nobody can
 * have claimed then, this node included (a claim takes only unlocked rows and lapsed leases). It is
 * judged twice: here, by when the message was claimed (a lease lasts at least that long, however
 * often it was renewed), and by the store, whose release is conditional on the message being locked
 * by this node under a lease that has not lapsed. So a late release never takes a message from a
 * node that claimed it after the lease lapsed. Past that point, or past {@link #CAP} owed at once,
 * the lease bounds the wait, as it did before.
 */
final class OwedReleases {
  private static final Logger LOG = Logger.getLogger(OwedReleases.class.getName());

  /**
   * The most releases owed at once. A database that went away leaves owed at most what was claimed
   * then (a claim and the delivery threads' runs); beyond it memory, not the lease, would be the
   * bound.
   */
  static final int CAP = 1_000;

  /** Kept of a last error; the queue keeps 2,000 characters. */
  private static final int ERROR_CHARS = 2_000;

  /**
   * Taken off the time a lease surely holds: the store writes the lease from its clock in
   * microseconds, a moment after the claim time this node noted.
   */
  private static final Duration ROUNDING = Duration.ofMillis(1);

  /** One release owed: what to write, and until when this node's lease surely holds. */
  record Owed(EntryId id, Instant due, String lastError, Instant leaseHoldsUntil) {}

  private final Clock clock;
  private final Duration lease;
  private final int cap;
  private final String node;

  /** Guarded by itself; {@link #count} follows its size for readers on other threads. */
  private final Map<EntryId, Owed> owed = new LinkedHashMap<>();

  private final AtomicInteger count = new AtomicInteger();

  OwedReleases(Clock clock, Duration lease, String node) {
    this(clock, lease, node, CAP);
  }

  OwedReleases(Clock clock, Duration lease, String node, int cap) {
    this.clock = clock;
    this.lease = lease;
    this.node = node;
    this.cap = cap;
  }

  /**
   * Notes that the release of {@code id}, claimed by this node at {@code claimedAt} (or later),
   * could not be written: due again at {@code due}, with {@code lastError}. False when it is not
   * kept: its lease may have lapsed already, or {@link #CAP} are owed; then the lease bounds the
   * wait.
   */
  boolean owe(EntryId id, Instant claimedAt, Instant due, String lastError) {
    Instant holds = claimedAt.plus(lease).minus(ROUNDING);
    if (!clock.instant().isBefore(holds)) {
      return false;
    }
    String error =
        lastError != null && lastError.length() > ERROR_CHARS
            ? lastError.substring(0, ERROR_CHARS)
            : lastError;
    synchronized (owed) {
      if (!owed.containsKey(id) && owed.size() >= cap) {
        SpoolerLog.owedReleasesFull(node, id, cap);
        return false;
      }
      owed.put(id, new Owed(id, due, error, holds));
      count.set(owed.size());
    }
    return true;
  }

  /** Releases owed now; read from any thread without a store call. */
  int count() {
    return count.get();
  }

  /**
   * Writes the releases owed on {@code session} (the loop's), oldest first, after releasing what
   * the session's unconfirmed claims may have locked; returns how many messages were released. One
   * the store refuses because this node no longer holds the message (it finished, or its lease
   * lapsed and another node took it) is dropped; at the first failure of the store itself the rest
   * waits for the next round. Without anything owed, no store call.
   */
  int pay(SpoolerSession session) {
    int unclaimed = 0;
    if (session.hasUnconfirmedClaims()) {
      // A claim that failed after it sent its locks may have committed them: nobody knows its
      // messages, so nobody would deliver them before the lease lapsed.
      try {
        unclaimed = session.releaseUnconfirmedClaims();
      } catch (RuntimeException e) {
        storeAway(e);
        return 0;
      }
      SpoolerLog.unconfirmedClaimReleased(node, unclaimed);
    }
    if (count.get() == 0) {
      return unclaimed;
    }
    List<Owed> due;
    synchronized (owed) {
      due = List.copyOf(owed.values());
    }
    int released = 0;
    int notHeld = 0;
    int lapsed = 0;
    for (Owed o : due) {
      if (!clock.instant().isBefore(o.leaseHoldsUntil())) {
        lapsed++; // another node may have claimed it by now: the lease decides, as before
      } else {
        try {
          session.release(o.id(), o.due(), o.lastError());
          released++;
        } catch (MapiException e) {
          if (e.error() != MapiError.MAPI_E_NOT_IN_QUEUE) {
            storeAway(e);
            break;
          }
          notHeld++;
        } catch (RuntimeException e) {
          storeAway(e);
          break;
        }
      }
      forget(o);
    }
    if (released + notHeld > 0) {
      SpoolerLog.owedReleasesPaid(node, released, notHeld, count.get());
    }
    if (lapsed > 0) {
      SpoolerLog.owedReleasesLapsed(node, lapsed, lease);
    }
    return unclaimed + released;
  }

  /** Forgets every release owed: the node released all its locks at once (an orderly stop). */
  void clear() {
    synchronized (owed) {
      owed.clear();
      count.set(0);
    }
  }

  /** Forgets {@code o}, unless a newer failure of the same message replaced it meanwhile. */
  private void forget(Owed o) {
    synchronized (owed) {
      owed.remove(o.id(), o);
      count.set(owed.size());
    }
  }

  private static void storeAway(RuntimeException e) {
    // The round's own store calls report the failure (SpoolerLog#roundFailed); here it only means
    // "not yet".
    LOG.log(Level.FINE, "the store does not answer yet; owed releases wait", e);
  }
}
