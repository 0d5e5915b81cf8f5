package org.msgstore.store;

import java.time.Duration;
import org.msgstore.store.jdbc.NodeRepository;

/**
 * A spooler's hold on its node name ({@code spooler_node}). Leases are named after the node, not
 * after one run of it, so a node that comes back after a crash finds its in-flight messages locked
 * under its own name. Its row says whether the incarnation that locked them is dead: a heartbeat
 * that stopped (or was set to 0 at an orderly stop). Then the new incarnation takes the name and
 * releases those leases in the same transaction, and the messages are claimed again at once rather
 * than after the lease. A heartbeat that is still fresh may be a live second server with the same
 * name, or one that died a moment ago: the caller looks again once it would have gone stale.
 */
final class NodeNames {
  private final SpoolerScope scope;

  NodeNames(SpoolerScope scope) {
    this.scope = scope;
  }

  /**
   * Takes this node's name for {@code incarnation} if no live incarnation holds it, releasing the
   * leases of the dead one; otherwise reports who holds it.
   *
   * @param staleAfter how long a heartbeat may stand still before its incarnation is dead
   */
  SpoolerSession.NodeTakeOver take(String incarnation, String host, Duration staleAfter) {
    for (int attempt = 0; ; attempt++) {
      SpoolerSession.NodeTakeOver result = tryTake(incarnation, host, staleAfter);
      if (result != null || attempt == 2) {
        return result != null ? result : held(null);
      }
      // Another incarnation inserted or replaced the row in between: read it again.
    }
  }

  private SpoolerSession.NodeTakeOver tryTake(
      String incarnation, String host, Duration staleAfter) {
    long now = scope.nowUs();
    NodeRepository nodes = scope.store().nodes();
    NodeRepository.Node mine = new NodeRepository.Node(scope.owner(), incarnation, host, now, now);
    return UnitOfWork.run(
        scope.connection(),
        "taking the spooler node name '" + scope.owner() + "'",
        c -> {
          NodeRepository.Node found = nodes.find(c, scope.owner());
          if (found != null && found.incarnation().equals(incarnation)) {
            return new SpoolerSession.NodeTakeOver(true, 0, null);
          }
          if (found != null && now - found.heartbeatUs() <= staleAfter.toNanos() / 1_000) {
            return held(found);
          }
          boolean taken = found == null ? nodes.insert(c, mine) : nodes.replace(c, found, mine);
          if (!taken) {
            return null;
          }
          // Leases under this name belong to the dead incarnation (or to a version before this
          // table): nobody renews them any more.
          int released = scope.store().queue().unlockAll(c, scope.owner());
          return new SpoolerSession.NodeTakeOver(true, released, incarnation(found));
        });
  }

  private static SpoolerSession.NodeTakeOver held(NodeRepository.Node by) {
    return new SpoolerSession.NodeTakeOver(false, 0, incarnation(by));
  }

  private static SpoolerSession.NodeIncarnation incarnation(NodeRepository.Node n) {
    return n == null
        ? null
        : new SpoolerSession.NodeIncarnation(
            n.incarnation(),
            n.host(),
            MessageStore.instant(n.startedUs()),
            MessageStore.instant(n.heartbeatUs()));
  }

  /**
   * Records that {@code incarnation} is alive now; false when the name is no longer its own
   * (another incarnation took it over, having found its heartbeat stale).
   */
  boolean beat(String incarnation) {
    long now = scope.nowUs();
    return UnitOfWork.run(
        scope.connection(),
        "recording the heartbeat of spooler node '" + scope.owner() + "'",
        c -> scope.store().nodes().beat(c, scope.owner(), incarnation, now));
  }

  /** An orderly stop: the next incarnation may take the name at once. */
  void stopped(String incarnation) {
    UnitOfWork.run(
        scope.connection(),
        "recording the stop of spooler node '" + scope.owner() + "'",
        c -> scope.store().nodes().beat(c, scope.owner(), incarnation, 0));
  }

  /** How many node names have a heartbeat within {@code staleAfter}. */
  int live(Duration staleAfter) {
    long since = scope.nowUs() - staleAfter.toNanos() / 1_000;
    return UnitOfWork.run(
        scope.connection(),
        "counting the live spooler nodes",
        c -> scope.store().nodes().countLive(c, since));
  }
}
