package org.msgstore.spooler;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.function.BooleanSupplier;

/**
 * What a delivery thread does with what it is handed: a run. It delivers the first message; while
 * more claimed messages wait, it takes them too, one after the other, up to the run's limit. The
 * plain finishes of the run commit together at its end: with a backlog, one write of the store's
 * pages for several messages instead of one each. Every message is still sent as soon as the thread
 * has it, so the run delays only the recording of what was sent, by at most the run's later sends.
 */
final class DeliveryRuns {
  private final Clock clock;
  private final Duration lease;
  private final BooleanSupplier stopping;
  private final MessageDelivery.Events events;

  DeliveryRuns(
      Clock clock, Duration lease, BooleanSupplier stopping, MessageDelivery.Events events) {
    this.clock = clock;
    this.lease = lease;
    this.stopping = stopping;
    this.events = events;
  }

  /** The run of {@code w} from {@code first}, taking up to {@code limit} messages in all. */
  Runnable of(DeliveryThreads.Worker w, Claimed first, Queue<Claimed> more, int limit) {
    return () -> {
      List<Sent> sent = new ArrayList<>();
      try {
        int taken = 0;
        for (Claimed next = first; next != null; ) {
          taken++;
          if (holdsToDeliver(w, next)) {
            MessageDelivery.PendingFinish pending = w.delivery().attempt(next.id(), next.at());
            if (pending != null) {
              sent.add(new Sent(next, pending));
            }
          }
          next = taken < limit && !stopping.getAsBoolean() ? more.poll() : null;
          if (next != null) {
            events.emit(SpoolerEvent.Kind.CLAIMED, next.id(), null);
          }
        }
      } catch (RuntimeException e) {
        events.emit(SpoolerEvent.Kind.UNEXPECTED_ERROR, null, e.toString());
      } finally {
        try {
          w.delivery().finishTogether(stillHeld(w, sent));
        } catch (RuntimeException e) {
          events.emit(SpoolerEvent.Kind.UNEXPECTED_ERROR, null, e.toString());
        }
      }
    };
  }

  /** A message of a run that went out and waits for the run's commit, with when it was claimed. */
  private record Sent(Claimed claimed, MessageDelivery.PendingFinish finish) {}

  /**
   * Whether this node still holds {@code c}: a lease past its half (the message waited for a
   * thread, or behind its run's other sends) is renewed first; a lease already lost is reported.
   */
  private boolean holds(DeliveryThreads.Worker w, Claimed c, String what) {
    if (Duration.between(c.at(), clock.instant()).compareTo(lease.dividedBy(2)) <= 0
        || w.session().renewLease(c.id())) {
      return true;
    }
    events.emit(SpoolerEvent.Kind.LEASE_LOST, c.id(), "lease lapsed while the message " + what);
    return false;
  }

  /**
   * {@link #holds} before an attempt. When the store does not answer, the message is not attempted
   * but counts as a failed attempt, so that it is released, or its release owed, not forgotten
   * under this node's lock.
   */
  private boolean holdsToDeliver(DeliveryThreads.Worker w, Claimed c) {
    try {
      return holds(w, c, "waited to be delivered");
    } catch (RuntimeException e) {
      w.delivery().notAttempted(c.id(), c.at(), e);
      return false;
    }
  }

  /**
   * The finishes of a run whose leases still hold at its end; the others' messages are left to
   * their new holder. One whose lease could not be renewed because the store does not answer is
   * finished all the same: the finish checks the lease itself, and if the store is still away its
   * failure is handled as a failed attempt (released, or its release owed).
   */
  private List<MessageDelivery.PendingFinish> stillHeld(DeliveryThreads.Worker w, List<Sent> sent) {
    List<MessageDelivery.PendingFinish> held = new ArrayList<>();
    for (Sent s : sent) {
      if (holdsUnlessUnknown(w, s.claimed())) {
        held.add(s.finish());
      } else {
        s.finish().message().close();
      }
    }
    return held;
  }

  /**
   * {@link #holds} at a run's end; true when the store does not answer (see {@link #stillHeld}).
   */
  private boolean holdsUnlessUnknown(DeliveryThreads.Worker w, Claimed c) {
    try {
      return holds(w, c, "waited for its run to end");
    } catch (RuntimeException e) {
      return true;
    }
  }
}
