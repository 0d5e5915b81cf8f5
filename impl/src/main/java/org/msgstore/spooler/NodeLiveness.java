package org.msgstore.spooler;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.msgstore.store.SpoolerSession;

/**
 * This spooler's node name while it runs. Leases are named after the node, so a node restarted
 * after a crash finds its in-flight messages locked under its own name: at start it takes the name
 * from its dead previous incarnation and releases those leases at once ({@link
 * SpoolerSession#takeNodeName}), keeps the name with a heartbeat, and gives it up at an orderly
 * stop.
 *
 * <p>Two live servers started with the same node name would renew, release and unlock each other's
 * leases and send messages twice. So a name whose heartbeat is still fresh is not taken: the start
 * waits until that heartbeat would be stale and looks again. If it stood still, its incarnation was
 * dead (killed a moment ago) and the name is taken; if it moved, another server is alive under this
 * name and this spooler refuses to run ({@link SpoolerLog#NODE_NAME_IN_USE}), leaving the other's
 * leases alone. A spooler that finds at a heartbeat that the name was taken from it (it stalled
 * longer than the heartbeat's staleness) stops likewise ({@link SpoolerLog#NODE_NAME_LOST}).
 */
final class NodeLiveness {
  /** The longest time between heartbeats, whatever the poll interval. */
  static final Duration MAX_BEAT = Duration.ofSeconds(10);

  /** Heartbeats missed before an incarnation counts as dead. */
  static final int BEATS_TO_STALE = 3;

  /** What one attempt to take the node name found. */
  enum Start {
    /** This incarnation holds the name; the previous one's leases are released. */
    TAKEN,
    /** A heartbeat is still fresh: look again at {@link #waitUntil()}. */
    WAIT,
    /** Another live server holds the name: do not run. */
    REFUSED
  }

  private final SpoolerSession session;
  private final Clock clock;
  private final Duration beatEvery;
  private final String incarnation = UUID.randomUUID().toString();
  private Instant lastBeat;
  private Instant seenHeartbeat;
  private Instant waitUntil;
  private volatile boolean held;

  /** Live spooler nodes as last counted at a heartbeat (this one included), at least 1. */
  private volatile int liveNodes = 1;

  NodeLiveness(SpoolerSession session, Clock clock, Duration pollInterval) {
    this.session = session;
    this.clock = clock;
    this.beatEvery = pollInterval.compareTo(MAX_BEAT) < 0 ? pollInterval : MAX_BEAT;
  }

  Duration beatEvery() {
    return beatEvery;
  }

  Duration staleAfter() {
    return beatEvery.multipliedBy(BEATS_TO_STALE);
  }

  /** One attempt to take the node name. */
  Start start() {
    SpoolerSession.NodeTakeOver t = session.takeNodeName(incarnation, host(), staleAfter());
    if (t.taken()) {
      held = true;
      lastBeat = clock.instant();
      countLiveNodes();
      SpoolerLog.nodeNameTaken(session.owner(), t.leasesReleased(), t.other());
      return Start.TAKEN;
    }
    Instant heartbeat = t.other() == null ? null : t.other().heartbeat();
    if (seenHeartbeat != null && !Objects.equals(heartbeat, seenHeartbeat)) {
      SpoolerLog.nodeNameInUse(session.owner(), t.other());
      return Start.REFUSED;
    }
    if (seenHeartbeat == null) {
      SpoolerLog.nodeNameWait(session.owner(), t.other(), staleAfter());
    }
    seenHeartbeat = heartbeat;
    Instant base = heartbeat != null ? heartbeat : clock.instant();
    waitUntil = base.plus(staleAfter()).plusMillis(1);
    return Start.WAIT;
  }

  /** When to look again after {@link Start#WAIT}. */
  Instant waitUntil() {
    return waitUntil;
  }

  /** Whether this incarnation holds the node name (taken, and not lost or given up since). */
  boolean held() {
    return held;
  }

  /**
   * Writes a heartbeat when one is due; false when the name was taken from this incarnation, which
   * must then stop without touching the leases under the name (they are the new holder's now).
   */
  boolean beatIfDue() {
    if (!held) {
      return true;
    }
    Instant now = clock.instant();
    if (Duration.between(lastBeat, now).compareTo(beatEvery) < 0) {
      return true;
    }
    if (session.nodeHeartbeat(incarnation)) {
      lastBeat = now;
      countLiveNodes();
      return true;
    }
    held = false;
    SpoolerLog.nodeNameLost(session.owner());
    return false;
  }

  /**
   * How many servers run a spooler on the store, this one included, as counted at this node's last
   * heartbeat: a node that joined is seen within one heartbeat ({@link #beatEvery()}), one that
   * stopped in order too, one that died once its heartbeat is stale ({@link #staleAfter()}).
   * Cluster-wide rate limits are shared by it (README, "Priorities and rate limits").
   */
  int liveNodes() {
    return liveNodes;
  }

  /** Counts the live nodes again; the heartbeat does it, a test may too. */
  void countLiveNodes() {
    int before = liveNodes;
    int now = Math.max(1, session.liveNodes(staleAfter()));
    liveNodes = now;
    if (now != before) {
      SpoolerLog.liveNodesChanged(session.owner(), before, now);
    }
  }

  /** An orderly stop: the next incarnation takes the name at once. */
  void stopped() {
    if (held) {
      held = false;
      session.nodeStopped(incarnation);
    }
  }

  /** For the operator's message only. */
  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException | RuntimeException e) {
      return null;
    }
  }
}
